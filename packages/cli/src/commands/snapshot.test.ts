import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { historyCommitRecordSchema } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;
let repo: string;
const commits: string[] = [];

function git(directory: string, args: string[], date?: string): string {
  return execFileSync('git', args, {
    cwd: directory,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  }).trim();
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-snapshot-'));
  repo = join(folder, 'repo');
  execFileSync('mkdir', [repo]);
  git(repo, ['init', '-q', '-b', 'main']);
  const messages = ['Initial commit', 'Add parser (#4)\n\nFixes #2', 'Tune parser', 'Merge pull request #9 from a/b\n\ncloses #8'];
  messages.forEach((message, index) => {
    writeFileSync(join(repo, 'parser.py'), `VERSION = ${index}\n`.repeat(index + 1));
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', message], `2019-0${index + 1}-15T12:00:00 +0000`);
    commits.push(git(repo, ['rev-parse', 'HEAD']));
  });
  git(repo, ['tag', 'v1', commits[3]!]);
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function swespot(argv: string[], abortSignal?: AbortSignal) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {}, ...(abortSignal ? { abortSignal } : {}) });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

describe('swespot snapshot, audit and history', () => {
  it('snapshot --cutoff picks the last commit before the cutoff, prints it and a clean audit; audit agrees', async () => {
    const result = await swespot(['snapshot', 'repo', '--cutoff', '2019-03-01', '--history', 'truncated', '--out', 'snap']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`commit ${commits[1]} committed 2019-02-15T12:00:00.000Z`);
    expect(result.stdout).toMatch(/^audit clean: cutoff 2019-03-01T00:00:00.000Z, 1 ref\(s\), 0 reflog entries/m);
    expect(git(join(folder, 'snap'), ['rev-list', '--all']).split('\n')).toEqual([commits[1], commits[0]]);
    const again = await swespot(['snapshot', 'repo', '--cutoff', '2019-03-01', '--history', 'truncated', '--out', 'snap']);
    expect(again.stdout).toContain('(reused)');
    const audit = await swespot(['audit', 'snap', '--cutoff', '2019-03-01']);
    expect(audit.exitCode).toBe(0);
    expect(audit.stdout).toMatch(/^clean: /);
  });

  it('audit exits 1 and lists the leaks of a repository with future history', async () => {
    const audit = await swespot(['audit', 'repo', '--cutoff', '2019-03-01']);
    expect(audit.exitCode).toBe(1);
    expect(audit.stdout).toContain(`future-commit: ${commits[3]} committed 2019-04-15T12:00:00.000Z`);
    expect(audit.stderr).toMatch(/^audit: \d+ leak\(s\) past 2019-03-01T00:00:00.000Z/);
    const json = await swespot(['audit', 'repo', '--cutoff', '2019-05-01', '--json']);
    // Every commit is before this cutoff; what remains is the clone's own reflog.
    const report = JSON.parse(json.stdout) as { head: string; leaks: { kind: string }[] };
    expect(report.head).toBe(commits[3]);
    expect(new Set(report.leaks.map((leak) => leak.kind))).toEqual(new Set(['reflog-entry']));
  });

  it('snapshot --commit with history none makes one fresh commit; bad flags say what to fix', async () => {
    const result = await swespot(['snapshot', 'repo', '--commit', commits[2]!, '--out', 'fresh']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('history none (new root commit');
    expect(git(join(folder, 'fresh'), ['rev-list', '--count', '--all'])).toBe('1');
    const missing = await swespot(['snapshot', 'repo', '--out', 'x']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('give --cutoff YYYY-MM-DD or --commit SHA');
    const badDate = await swespot(['audit', 'repo', '--cutoff', '01/02/2020']);
    expect(badDate.exitCode).toBe(1);
    expect(badDate.stderr).toContain('--cutoff: "01/02/2020" is not a date');
    const late = await swespot(['snapshot', 'repo', '--cutoff', '2018-01-01', '--out', 'late']);
    expect(late.exitCode).toBe(1);
    expect(late.stderr).toContain('choose a later cutoff');
  });

  it('history writes one valid record per first-parent commit and resumes without duplicates', async () => {
    const result = await swespot(['history', 'repo', '--out', 'out/history.jsonl', '--no-progress']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('history: 4 record(s) written, 0 already present');
    const lines = readFileSync(join(folder, 'out/history.jsonl'), 'utf8').trim().split('\n').map((line) => historyCommitRecordSchema.parse(JSON.parse(line)));
    expect(lines.map((record) => record.id)).toEqual([...commits].reverse());
    expect(lines[0]).toMatchObject({ pullRequest: { number: 9, via: 'merge-commit' }, issues: [{ number: 8, closing: true, keyword: 'closes' }] });
    expect(lines[2]).toMatchObject({ pullRequest: { number: 4, via: 'squash-subject' }, files: [{ status: 'M', path: 'parser.py', added: 2, removed: 1 }] });
    const again = await swespot(['history', 'repo', '--out', 'out/history.jsonl', '--backend', 'isomorphic-git']);
    expect(again.stdout).toContain('history: 0 record(s) written, 4 already present');
    expect(again.stderr).toContain('history: done');
    const until = await swespot(['history', 'repo', '--until', '2019-02-20', '--out', 'out/until.jsonl', '--no-progress']);
    expect(until.stdout).toContain('history: 2 record(s) written');
  });
});

describe('what is at --out before a failed run is there after it', () => {
  it('snapshot refuses a file at --out up front and leaves it as it was', async () => {
    writeFileSync(join(folder, 'notes.md'), 'my notes\n');
    const result = await swespot(['snapshot', 'repo', '--cutoff', '2019-03-01', '--out', 'notes.md']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`error: into: ${join(folder, 'notes.md')} is a file, not a folder; give a new or empty folder (the file was left as it is).\n`);
    expect(readFileSync(join(folder, 'notes.md'), 'utf8')).toBe('my notes\n');
  });

  it('snapshot keeps a folder made beforehand on a bad repository, a bad or future cutoff, a cutoff before the history and Ctrl-C', async () => {
    const out = join(folder, 'mine');
    mkdirSync(out);
    const missing = await swespot(['snapshot', 'no-such-repo', '--cutoff', '2019-03-01', '--out', 'mine']);
    expect(missing).toMatchObject({ exitCode: 1, stderr: `error: no such folder: ${join(folder, 'no-such-repo')}\n` });
    const badDate = await swespot(['snapshot', 'repo', '--cutoff', '2019-13-45', '--out', 'mine']);
    expect(badDate.exitCode).toBe(1);
    const future = await swespot(['snapshot', 'repo', '--cutoff', '2999-01-01', '--out', 'mine']);
    expect(future).toMatchObject({ exitCode: 1, stderr: '--cutoff: 2999-01-01 is in the future; a cutoff must be a date that has passed (check the year).\n' });
    const early = await swespot(['snapshot', 'repo', '--cutoff', '2018-01-01', '--out', 'mine']);
    expect(early.stderr).toContain('choose a later cutoff');
    // Ctrl-C while git writes into the folder: git is held at `git init` until the abort.
    const bin = join(folder, 'slow-git');
    mkdirSync(bin);
    const marker = join(bin, 'init-started');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nif [ "$1" = init ]; then '${realGit}' "$@"; : > '${marker}'; exec sleep 600; fi\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      const controller = new AbortController();
      const run = swespot(['snapshot', 'repo', '--cutoff', '2019-03-01', '--out', 'mine'], controller.signal);
      while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      expect(await run).toMatchObject({ exitCode: 130, stderr: 'aborted\n' });
    } finally {
      process.env.PATH = path;
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('snapshot refuses a folder under /proc at once', async () => {
    const result = await swespot(['snapshot', 'repo', '--cutoff', '2019-03-01', '--out', '/proc/swespot-x']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: into: cannot create \/proc\/swespot-x/);
  });

  it('audit and history name a missing repository folder, and history leaves no output file', async () => {
    const audit = await swespot(['audit', 'nowhere', '--cutoff', '2019-03-01']);
    expect(audit).toMatchObject({ exitCode: 1, stderr: `error: no such folder: ${join(folder, 'nowhere')}\n` });
    const history = await swespot(['history', 'nowhere', '--out', 'lost/history.jsonl', '--no-progress']);
    expect(history).toMatchObject({ exitCode: 1, stderr: `error: no such folder: ${join(folder, 'nowhere')}\n` });
    expect(existsSync(join(folder, 'lost'))).toBe(false);
    // A folder that is not a repository fails after the output was claimed: nothing is left.
    mkdirSync(join(folder, 'plain-folder'));
    const notRepository = await swespot(['history', 'plain-folder', '--out', 'lost/history.jsonl', '--no-progress']);
    expect(notRepository.exitCode).toBe(1);
    expect(existsSync(join(folder, 'lost'))).toBe(false);
  });

  it('history refuses --since after --until', async () => {
    const result = await swespot(['history', 'repo', '--since', '2019-03-01', '--until', '2019-02-01', '--out', 'window.jsonl']);
    expect(result).toMatchObject({ exitCode: 1, stderr: '--since: 2019-03-01 is after --until 2019-02-01; the window would be empty. Swap them or widen the window.\n' });
    expect(existsSync(join(folder, 'window.jsonl'))).toBe(false);
  });

  it('audit counts every leak in its headline, not the capped list', async () => {
    const json = await swespot(['audit', 'repo', '--cutoff', '2019-03-01', '--json']);
    const report = JSON.parse(json.stdout) as { leaks: { kind: string; detail: string }[]; leakCounts: Record<string, number> };
    expect(report.leaks.some((leak) => /not listed/.test(leak.detail))).toBe(false);
    const total = Object.values(report.leakCounts).reduce((sum, count) => sum + count, 0);
    expect(json.stderr).toBe(`audit: ${total} leak(s) past 2019-03-01T00:00:00.000Z in ${join(folder, 'repo')}\n`);
  });
});

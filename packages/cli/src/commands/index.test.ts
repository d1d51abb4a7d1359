import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { codeIndexRecordSchema } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const fixture = fileURLToPath(new URL('../../../code-index/src/__fixtures__/reference-repository/', import.meta.url));
let folder: string;
let repo: string;
let firstCommit: string;

function git(args: string[], date: string): string {
  return execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  }).trim();
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-index-'));
  repo = join(folder, 'repo');
  cpSync(fixture, repo, { recursive: true });
  git(['init', '-q', '-b', 'main'], '2024-01-01T00:00:00Z');
  git(['add', '-A'], '2024-01-01T00:00:00Z');
  git(['commit', '-q', '-m', 'fixture'], '2024-01-01T00:00:00Z');
  firstCommit = git(['rev-parse', 'HEAD'], '2024-01-01T00:00:00Z');
  writeFileSync(join(repo, 'src/shapes/extra.py'), 'from .geometry import Point\n\n\ndef twice():\n    return Point(2, 2)\n');
  git(['add', '-A'], '2024-02-01T00:00:00Z');
  git(['commit', '-q', '-m', 'extra'], '2024-02-01T00:00:00Z');
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

describe('swespot index', () => {
  it('indexes the working tree, writes a valid index.json and prints the counts', async () => {
    const result = await swespot(['index', 'repo', '--out', 'out/index.json', '--no-progress']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const record = codeIndexRecordSchema.parse(JSON.parse(readFileSync(join(folder, 'out/index.json'), 'utf8')));
    expect(record.files.map((file) => file.path)).toContain('src/shapes/extra.py');
    expect(result.stdout).toMatch(/^files 27 \(10 typescript, 1 javascript, 1 tsx, 15 python\); parsed \d+, from cache 0, duplicates 1, skipped 0$/m);
    expect(result.stdout).toMatch(/^entities 27 module, 16 class, 25 function, 34 method, 20 variable$/m);
    expect(result.stdout).toMatch(/^references 105 resolved, \d+ unresolved, \d+ same-file, \d+ third-party, \d+ builtin$/m);
    expect(result.stdout).toContain('tests 8 in 3 test files');
  });

  it('indexes an earlier commit through git, with hotness, and reuses the cache', async () => {
    const first = await swespot(['index', 'repo', '--commit', firstCommit.slice(0, 10), '--out', 'old.json', '--cache', 'cache', '--hotness', '--json', '--no-progress']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const counts = JSON.parse(first.stdout) as { files: number; statistics: { cachedFiles: number } };
    expect(counts.files).toBe(26);
    const record = codeIndexRecordSchema.parse(JSON.parse(readFileSync(join(folder, 'old.json'), 'utf8')));
    expect(record.commit).toBe(firstCommit);
    expect(record.files.find((file) => file.path === 'src/shapes/units.py')?.hotness).toEqual({ commitCount: 1, authorCount: 1 });
    const second = await swespot(['index', 'repo', '--commit', 'HEAD', '--out', 'new.json', '--cache', 'cache', '--no-progress']);
    // The two empty __init__.py files share one blob, parsed (or read from the cache) once.
    expect(second.stdout).toMatch(/parsed 1, from cache 25, duplicates 1, skipped 0/);
  });

  it('says what to fix for a bad commit or date', async () => {
    const badCommit = await swespot(['index', 'repo', '--commit', 'nope', '--out', 'x.json']);
    expect(badCommit.exitCode).toBe(1);
    expect(badCommit.stderr).toContain('--commit: "nope" is not a commit of');
    const badDate = await swespot(['index', 'repo', '--since', 'last week', '--out', 'x.json']);
    expect(badDate.exitCode).toBe(1);
    expect(badDate.stderr).toContain('--since: "last week" is not a date');
  });

  it('indexes the HEAD of a bare repository and warns about a folder without source files', async () => {
    execFileSync('git', ['clone', '-q', '--bare', repo, join(folder, 'bare.git')]);
    const bare = await swespot(['index', 'bare.git', '--out', 'bare.json', '--no-progress']);
    expect(bare.exitCode).toBe(0);
    expect(bare.stderr).toBe(`index: ${join(folder, 'bare.git')} is a bare repository: indexing its HEAD, commit ${git(['rev-parse', 'HEAD'], '2024-03-01T00:00:00Z')} (give --commit for another)\n`);
    expect(bare.stdout).toMatch(/^files 27 /m);
    mkdirSync(join(folder, 'docs-only'));
    writeFileSync(join(folder, 'docs-only', 'README.md'), '# notes\n');
    const empty = await swespot(['index', 'docs-only', '--out', 'docs.json', '--no-progress']);
    expect(empty.exitCode).toBe(0);
    expect(empty.stderr).toContain('has no source files in a supported language (Python, JavaScript, TypeScript, TSX); the index is empty');
  });

  it('keeps an existing --out unless --force is given', async () => {
    writeFileSync(join(folder, 'mine.json'), 'my file\n');
    const refused = await swespot(['index', 'repo', '--out', 'mine.json', '--no-progress']);
    expect(refused).toMatchObject({ exitCode: 1, stdout: '' });
    expect(refused.stderr).toBe(`--out: ${join(folder, 'mine.json')} exists; give --force to replace it, or another --out (the file was left as it is)\n`);
    expect(readFileSync(join(folder, 'mine.json'), 'utf8')).toBe('my file\n');
    const forced = await swespot(['index', 'repo', '--out', 'mine.json', '--force', '--no-progress']);
    expect(forced.exitCode).toBe(0);
    expect(codeIndexRecordSchema.parse(JSON.parse(readFileSync(join(folder, 'mine.json'), 'utf8'))).files).toHaveLength(27);
  });

  it('shows hotness progress, and exits 130 "aborted" on Ctrl-C even when git dies of the SIGINT first', async () => {
    const shown = await swespot(['index', 'repo', '--hotness', '--out', 'progress.json']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stderr).toMatch(/^hotness commits: done, 2\/2 \(100%\)/m);
    // Ctrl-C in a terminal reaches git too: here git dies of SIGINT on its first diff, and the
    // command's own abort comes a little later, as the terminal's signal may.
    const bin = join(folder, 'interrupted-git');
    mkdirSync(bin);
    const marker = join(bin, 'diff-started');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\nfor argument in "$@"; do if [ "$argument" = diff-tree ]; then : > '${marker}'; kill -INT $$; fi; done\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      const controller = new AbortController();
      let settled = false;
      const run = swespot(['index', 'repo', '--hotness', '--out', 'interrupted.json', '--no-progress'], controller.signal).finally(() => (settled = true));
      while (!existsSync(marker) && !settled) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect(await run).toEqual({ exitCode: 130, stdout: '', stderr: 'aborted\n' });
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(join(folder, 'interrupted.json'))).toBe(false);
  });
});

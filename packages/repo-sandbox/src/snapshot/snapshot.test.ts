import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConformanceRepository, gitIn, type ConformanceRepository } from '../__fixtures__/build-conformance-repository';
import { auditSnapshot, type SnapshotLeakKind } from './audit-snapshot';
import { copySnapshot } from './copy-snapshot';
import { createSnapshot } from './create-snapshot';
import { SnapshotLeakError } from './snapshot-leak-error';

let source: ConformanceRepository;
let work: string;
const CUTOFF = '2019-01-05';
const FUTURE = '2019-03-01T00:00:00 +0000';

beforeAll(() => {
  source = buildConformanceRepository();
  work = mkdtempSync(join(tmpdir(), 'swespot-snapshot-test-'));
});

afterAll(() => {
  source?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const git = (directory: string, args: string[], date?: string) => gitIn(directory, args, date);

describe('createSnapshot', () => {
  it('truncated: keeps the chosen commit and its ancestors with their ids, and nothing later', async () => {
    const snapshot = await createSnapshot({ repo: source.directory, cutoff: CUTOFF, history: 'truncated', into: join(work, 'truncated') });
    expect(snapshot.sourceCommit).toBe(source.commits.empty);
    expect(snapshot.commit).toBe(source.commits.empty);
    expect(snapshot.reused).toBe(false);
    expect(snapshot.audit.leaks).toEqual([]);
    const directory = snapshot.directory;
    expect(git(directory, ['rev-list', '--all']).split('\n')).toEqual([source.commits.empty, source.commits.renames, source.commits.root]);
    expect(git(directory, ['for-each-ref', '--format=%(refname)'])).toBe('refs/heads/main');
    expect(git(directory, ['remote'])).toBe('');
    expect(git(directory, ['status', '--porcelain'])).toBe('');
    expect(existsSync(join(directory, '.git', 'logs'))).toBe(false);
    expect(existsSync(join(directory, '.git', 'FETCH_HEAD'))).toBe(false);
    expect(existsSync(join(directory, '.git', 'objects', 'info', 'alternates'))).toBe(false);
    // Every object present is reachable, and the work tree is the commit's tree.
    const all = git(directory, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)']).split('\n').sort();
    const reachable = git(directory, ['rev-list', '--objects', 'HEAD']).split('\n').map((line) => line.split(' ')[0]!).sort();
    expect(all).toEqual(reachable);
    expect(readFileSync(join(directory, 'lib/helpers.py'), 'utf8')).toContain('line twenty of');
    expect(snapshot.audit.objects.loose).toBe(0);
  });

  it('none: one fresh commit holding the tree, dated like the source commit, and reused when asked again', async () => {
    const into = join(work, 'none');
    const snapshot = await createSnapshot({ repo: source.directory, commit: source.commits.merge!, history: 'none', into });
    expect(snapshot.sourceCommit).toBe(source.commits.merge);
    expect(snapshot.commit).not.toBe(source.commits.merge);
    expect(git(into, ['rev-list', '--all'])).toBe(snapshot.commit);
    expect(git(into, ['rev-parse', 'HEAD^{tree}'])).toBe(git(source.directory, ['rev-parse', `${source.commits.merge}^{tree}`]));
    expect(git(into, ['log', '-1', '--format=%cI'])).toBe(git(source.directory, ['log', '-1', '--format=%cI', source.commits.merge!]));
    expect(snapshot.cutoff).toBe(new Date(git(source.directory, ['log', '-1', '--format=%cI', source.commits.merge!])).toISOString());
    const again = await createSnapshot({ repo: source.directory, commit: source.commits.merge!, history: 'none', into });
    expect(again.reused).toBe(true);
    expect(again.commit).toBe(snapshot.commit);
    await expect(
      createSnapshot({ repo: source.directory, commit: source.commits.head!, history: 'none', into }),
    ).rejects.toSatisfy(InvalidArgumentError.isInstance);
  });

  it('rejects a cutoff before the first commit and a commit after the cutoff', async () => {
    await expect(createSnapshot({ repo: source.directory, cutoff: '2018-06-01', into: join(work, 'too-early') })).rejects.toThrow(
      /no commit on the first-parent line of HEAD was committed at or before 2018-06-01/,
    );
    await expect(
      createSnapshot({ repo: source.directory, cutoff: CUTOFF, commit: source.commits.head!, into: join(work, 'too-late') }),
    ).rejects.toThrow(/after the cutoff/);
    expect(existsSync(join(work, 'too-late'))).toBe(false);
  });
});

describe('copySnapshot', () => {
  it('makes an independent copy: edits, commits and resets in the copy leave the snapshot as it was', async () => {
    const base = join(work, 'truncated');
    const copy = await copySnapshot({ from: base, into: join(work, 'task-1') });
    writeFileSync(join(copy.directory, 'README.md'), 'changed by the task\n');
    git(copy.directory, ['commit', '-q', '-am', 'task change'], '2019-01-04T00:00:00 +0000');
    git(copy.directory, ['gc', '-q', '--prune=now']);
    expect(readFileSync(join(base, 'README.md'), 'utf8')).toBe('# Project\n\nSome words.\n');
    expect(git(base, ['rev-parse', 'HEAD'])).toBe(source.commits.empty);
    expect(git(base, ['fsck', '--no-dangling'])).toBe('');
    expect(git(base, ['status', '--porcelain'])).toBe('');
    const full = await copySnapshot({ from: base, into: join(work, 'task-2'), method: 'copy' });
    expect(git(full.directory, ['rev-parse', 'HEAD'])).toBe(source.commits.empty);
    await expect(copySnapshot({ from: source.directory, into: join(work, 'task-3') })).rejects.toSatisfy(InvalidArgumentError.isInstance);
  });
});

describe('auditSnapshot catches each planted leak', () => {
  let counter = 0;
  async function plant(setup: (directory: string) => void): Promise<SnapshotLeakKind[]> {
    counter += 1;
    const { directory } = await copySnapshot({ from: join(work, 'truncated'), into: join(work, `planted-${counter}`) });
    await expect(auditSnapshot(directory, CUTOFF)).resolves.toMatchObject({ leaks: [] });
    setup(directory);
    const error = await auditSnapshot(directory, CUTOFF).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(SnapshotLeakError.isInstance(error)).toBe(true);
    const report = (error as SnapshotLeakError).report;
    expect((await auditSnapshot(directory, CUTOFF, { throwOnLeak: false })).leaks).toEqual(report.leaks);
    return report.leaks.map((leak) => leak.kind);
  }
  const futureCommit = (directory: string) =>
    git(directory, ['commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'from the future'], FUTURE);

  it('a tag made after the cutoff, even on an old commit', async () => {
    const kinds = await plant((directory) => git(directory, ['tag', '-a', 'v9.9', '-m', 'later release', 'HEAD'], FUTURE));
    expect(kinds).toEqual(['future-tag']);
  });

  it('a tag on a future commit', async () => {
    const kinds = await plant((directory) => git(directory, ['tag', 'v10', futureCommit(directory)]));
    expect(kinds).toEqual(expect.arrayContaining(['future-commit', 'ref-outside-history', 'unreachable-object']));
  });

  it('a branch reaching past the cutoff', async () => {
    const kinds = await plant((directory) => git(directory, ['branch', 'later', futureCommit(directory)]));
    expect(kinds).toEqual(expect.arrayContaining(['future-commit', 'ref-outside-history']));
  });

  it('a reflog entry', async () => {
    const kinds = await plant((directory) => {
      const head = git(directory, ['rev-parse', 'HEAD']);
      execFileSync('mkdir', ['-p', join(directory, '.git/logs/refs/heads')]);
      writeFileSync(join(directory, '.git/logs/refs/heads/main'), `${'0'.repeat(40)} ${head} Cy <cy@example.com> 1700000000 +0000\tbranch: Created\n`);
    });
    expect(kinds).toEqual(['reflog-entry']);
  });

  it('a stash', async () => {
    const kinds = await plant((directory) => {
      writeFileSync(join(directory, 'README.md'), 'work in progress\n');
      git(directory, ['-c', 'core.logAllRefUpdates=true', 'stash', '-q'], FUTURE);
    });
    expect(kinds).toEqual(expect.arrayContaining(['stash', 'future-commit', 'unreachable-object', 'reflog-entry']));
  });

  it('a dangling future commit inside a pack', async () => {
    const kinds = await plant((directory) => {
      const commit = futureCommit(directory);
      execFileSync('git', ['pack-objects', '-q', join(directory, '.git/objects/pack/pack')], { cwd: directory, input: `${commit}\n` });
      git(directory, ['prune-packed']);
      expect(git(directory, ['count-objects', '-v'])).toMatch(/^count: 0$/m);
    });
    expect(kinds).toEqual(['future-commit', 'unreachable-object']);
  });

  it('a future object left loose', async () => {
    const kinds = await plant((directory) => {
      futureCommit(directory);
    });
    expect(kinds).toEqual(['future-commit', 'unreachable-object']);
  });

  it('an unreachable blob from before the cutoff', async () => {
    const kinds = await plant((directory) => {
      execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: directory, input: 'a later fix\n' });
    });
    expect(kinds).toEqual(['unreachable-object']);
  });

  it('a remote-tracking ref, even to an allowed commit, and a configured remote', async () => {
    const kinds = await plant((directory) => {
      git(directory, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
      git(directory, ['remote', 'add', 'upstream', source.directory]);
    });
    expect(kinds.sort()).toEqual(['remote', 'remote-tracking-ref']);
  });

  it('FETCH_HEAD, ORIG_HEAD and alternates', async () => {
    const kinds = await plant((directory) => {
      const head = git(directory, ['rev-parse', 'HEAD']);
      writeFileSync(join(directory, '.git/ORIG_HEAD'), `${head}\n`);
      writeFileSync(join(directory, '.git/FETCH_HEAD'), `${head}\t\tbranch 'main' of elsewhere\n`);
      writeFileSync(join(directory, '.git/objects/info/alternates'), `${join(source.directory, '.git/objects')}\n`);
    });
    expect(kinds).toEqual(expect.arrayContaining(['pseudo-ref', 'alternates', 'future-commit', 'unreachable-object']));
  });

  it('the source clone itself, audited at the cutoff', async () => {
    const report = await auditSnapshot(source.directory, CUTOFF, { throwOnLeak: false });
    expect(new Set(report.leaks.map((leak) => leak.kind))).toEqual(new Set(['future-commit', 'future-tag', 'reflog-entry', 'pseudo-ref']));
    expect(report.head).toBe(source.commits.head);
  });
});

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitIn } from '../__fixtures__/build-conformance-repository';
import { copySnapshot } from './copy-snapshot';
import { createSnapshot } from './create-snapshot';
import { SnapshotLeakError } from './snapshot-leak-error';

// Whatever the user had at `into` before a failed or interrupted run is there afterwards:
// a file, or a folder they made; only what the run itself made is removed.
let work: string;
let repo: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swespot-snapshot-output-'));
  repo = join(work, 'repo');
  mkdirSync(repo);
  gitIn(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'a.py'), 'x = 1\n');
  gitIn(repo, ['add', '-A']);
  // Clock skew: the parent is committed after its child, so a truncated snapshot at the
  // child's date keeps a commit from after the cutoff and its audit fails.
  gitIn(repo, ['commit', '-q', '-m', 'from a fast clock'], '2019-03-01T00:00:00 +0000');
  writeFileSync(join(repo, 'a.py'), 'x = 2\n');
  gitIn(repo, ['commit', '-q', '-am', 'from a slow clock'], '2019-01-01T00:00:00 +0000');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function emptyFolder(name: string): string {
  const folder = join(work, name);
  mkdirSync(folder);
  return folder;
}

describe('createSnapshot leaves what it did not make', () => {
  it('refuses a file at into before anything, and the file stays as it was', async () => {
    const file = join(work, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const error = await createSnapshot({ repo, cutoff: '2019-02-01', into: file }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`into: ${file} is a file, not a folder; give a new or empty folder (the file was left as it is).`);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
  });

  it('keeps a folder the user made when the audit fails, and removes only what it wrote there', async () => {
    const into = emptyFolder('skewed');
    const error = await createSnapshot({ repo, cutoff: '2019-01-05', history: 'truncated', into }).catch((caught: unknown) => caught);
    expect(SnapshotLeakError.isInstance(error)).toBe(true);
    expect(existsSync(into)).toBe(true);
    expect(readdirSync(into)).toEqual([]);
  });

  it('removes a folder it made itself when the audit fails', async () => {
    const into = join(work, 'made', 'skewed');
    await expect(createSnapshot({ repo, cutoff: '2019-01-05', history: 'truncated', into })).rejects.toSatisfy(SnapshotLeakError.isInstance);
    expect(existsSync(join(work, 'made'))).toBe(false);
  });

  it('keeps a folder the user made on a bad repository, a bad cutoff and a cutoff before the first commit', async () => {
    const into = emptyFolder('kept');
    await expect(createSnapshot({ repo: join(work, 'no-such-repo'), cutoff: '2019-02-01', into })).rejects.toThrow(`no such folder: ${join(work, 'no-such-repo')}`);
    await expect(createSnapshot({ repo, cutoff: 'last tuesday', into })).rejects.toSatisfy(InvalidArgumentError.isInstance);
    await expect(createSnapshot({ repo, cutoff: '2018-01-01', into })).rejects.toThrow(/choose a later cutoff/);
    expect(readdirSync(into)).toEqual([]);
  });

  it('keeps a folder the user made when interrupted in the middle, and removes a folder it made', async () => {
    // A git that stops at `git init` (in the snapshot folder) until it is killed: the run is
    // then surely past its checks and writing, and the abort comes at a known point.
    const bin = emptyFolder('slow-git');
    const marker = join(bin, 'init-started');
    const slowGit = join(bin, 'git');
    writeFileSync(slowGit, `#!/bin/sh\nif [ "$1" = init ]; then git "$@"; : > '${marker}'; exec sleep 600; fi\nexec git "$@"\n`);
    chmodSync(slowGit, 0o755);
    for (const into of [emptyFolder('interrupted'), join(work, 'interrupted-new')]) {
      rmSync(marker, { force: true });
      const controller = new AbortController();
      const run = createSnapshot({ repo, cutoff: '2019-02-01', into, gitBinary: slowGit, abortSignal: controller.signal }).catch((caught: unknown) => caught);
      while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(existsSync(join(into, '.git'))).toBe(true);
      controller.abort(new Error('interrupted'));
      expect(await run).toEqual(new Error('interrupted'));
      if (into.endsWith('-new')) expect(existsSync(into)).toBe(false);
      else expect(readdirSync(into)).toEqual([]);
    }
  });

  it('refuses a folder under /proc at once instead of spinning, and a parent that is a file', async () => {
    await expect(createSnapshot({ repo, cutoff: '2019-02-01', into: '/proc/swespot-x' })).rejects.toThrow(/^into: cannot create \/proc\/swespot-x in \/proc \(ENOENT\)|^into: cannot create \/proc\/swespot-x: the folder \/proc is not writable/);
    writeFileSync(join(work, 'plain'), 'x');
    await expect(createSnapshot({ repo, cutoff: '2019-02-01', into: join(work, 'plain', 'snap') })).rejects.toThrow(`into: cannot create ${join(work, 'plain', 'snap')}: ${join(work, 'plain')} is a file, not a folder.`);
  });

  it('copySnapshot keeps a folder the user made when the copy fails', async () => {
    const snapshot = await createSnapshot({ repo, cutoff: '2019-02-01', history: 'none', into: join(work, 'good') });
    const into = emptyFolder('copy-target');
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(copySnapshot({ from: snapshot.directory, into, abortSignal: controller.signal })).rejects.toThrow();
    expect(readdirSync(into)).toEqual([]);
    const file = join(work, 'copy-file');
    writeFileSync(file, 'keep');
    await expect(copySnapshot({ from: snapshot.directory, into: file })).rejects.toThrow(/is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

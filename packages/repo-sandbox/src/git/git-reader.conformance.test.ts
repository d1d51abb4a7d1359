import type { GitCommitV1 } from '@swespot/core';
import { InvalidArgumentError } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConformanceRepository, type ConformanceRepository } from '../__fixtures__/build-conformance-repository';
import { createGitCliReader } from './git-cli-reader';
import type { GitRepositoryReader } from './git-repository-reader';
import { createIsomorphicGitReader } from './isomorphic-git-reader';

let repository: ConformanceRepository;
let native: GitRepositoryReader;
let isomorphic: GitRepositoryReader;

beforeAll(() => {
  repository = buildConformanceRepository();
  native = createGitCliReader({ directory: repository.directory });
  isomorphic = createIsomorphicGitReader({ directory: repository.directory });
});

afterAll(() => {
  native?.close();
  isomorphic?.close();
  repository?.cleanup();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Runs one query on both backends and asserts they agree; returns the native answer. */
async function agree<T>(query: (reader: GitRepositoryReader) => Promise<T>): Promise<T> {
  const expected = await query(native);
  const actual = await query(isomorphic);
  expect(actual).toEqual(expected);
  return expected;
}

const labels = () => Object.keys(repository.commits);
const sha = (label: string) => repository.commits[label]!;

describe('GitReaderV1 conformance: git-cli and isomorphic-git agree', () => {
  it('resolves branches, tags, HEAD, abbreviated ids and ancestry suffixes', async () => {
    for (const ref of ['HEAD', 'main', 'feature', 'v1.0', 'refs/heads/main', sha('renames').slice(0, 10), sha('side'), 'HEAD~2', 'v1.0^2', `${sha('merge')}^2~1`]) {
      await agree((reader) => reader.resolveRef(ref));
    }
    expect(await native.resolveRef('v1.0')).toBe(sha('merge'));
    expect(await native.resolveRef('v1.0^2')).toBe(sha('side2'));
    for (const reader of [native, isomorphic]) {
      await expect(reader.resolveRef('no-such-branch')).rejects.toSatisfy(InvalidArgumentError.isInstance);
    }
  });

  it('reads every commit the same way, with parents, dates and time zones', async () => {
    for (const label of labels()) {
      const commit = await agree((reader) => reader.readCommit(sha(label)));
      expect(commit.sha).toBe(sha(label));
    }
    const renames = await native.readCommit(sha('renames'));
    expect(renames.committer.timezoneOffsetMinutes).toBe(-300);
    expect(renames.message).toBe('Move helpers to lib and rework the widget\n\nSee #3 for the background.');
    expect((await native.readCommit(sha('merge'))).parents).toEqual([sha('main-after-branch'), sha('side2')]);
  });

  it('walks the log in every mode', async () => {
    const queries: Parameters<GitRepositoryReader['log']>[0][] = [
      {},
      { firstParent: true },
      { ref: 'feature' },
      { until: '2019-01-04T12:00:00Z' },
      { since: '2019-01-05' },
      { firstParent: true, since: '2019-01-05', until: '2019-01-08' },
      { maxCount: 3 },
      { paths: ['src'] },
      { paths: ['src/feature.py'] },
      { firstParent: true, paths: ['src/feature.py'] },
      { paths: ['vendor/lib'] },
    ];
    for (const query of queries) {
      const commits = await agree((reader) => collect(reader.log(query)));
      expect(commits.length).toBeGreaterThan(0);
    }
    const firstParent = await collect(native.log({ firstParent: true }));
    expect(firstParent.map((commit: GitCommitV1) => commit.sha)).not.toContain(sha('side'));
    const all = await collect(native.log({}));
    expect(all.map((commit) => commit.sha)).toContain(sha('side'));
    expect(all).toHaveLength(labels().length);
  });

  it('lists trees recursively, one level, and under a folder, keeping non-UTF-8 names as bytes', async () => {
    for (const label of labels()) {
      await agree((reader) => reader.listTree(sha(label)));
      await agree((reader) => reader.listTree(sha(label), { recursive: false }));
      await agree((reader) => reader.listTree(sha(label), { path: 'docs' }));
      await agree((reader) => reader.listTree(sha(label), { path: 'docs/', recursive: false }));
    }
    const root = await native.listTree(sha('root'));
    const latin = root.find((entry) => entry.rawPath !== undefined);
    expect(latin?.rawPath && Buffer.from(latin.rawPath).toString('latin1')).toBe('latin-é.txt');
    expect(root.find((entry) => entry.path === 'link-to-readme')?.mode).toBe('120000');
    const submodule = (await native.listTree(sha('submodule'))).find((entry) => entry.path === 'vendor/lib');
    expect(submodule).toMatchObject({ mode: '160000', type: 'commit', sha: sha('root') });
  });

  it('reads files, symlinks and missing paths', async () => {
    for (const label of labels()) {
      for (const entry of await native.listTree(sha(label))) {
        if (entry.rawPath) continue;
        await agree(async (reader) => Buffer.from((await reader.readFile(sha(label), entry.path)) ?? []).toString('base64'));
      }
      for (const path of ['missing.txt', 'vendor/lib', 'docs', 'src/nope/deeper.py']) {
        expect(await isomorphic.readFile(sha(label), path)).toBeNull();
        expect(await native.readFile(sha(label), path)).toBeNull();
      }
    }
    expect(Buffer.from((await native.readFile(sha('root'), 'link-to-readme'))!).toString()).toBe('README.md');
  });

  it('diffs every commit against its first parent: name-status, numstat and the patch', async () => {
    for (const label of labels()) {
      const commit = await native.readCommit(sha(label));
      const parent = commit.parents[0] ?? null;
      await agree((reader) => reader.diffNameStatus(parent, commit.sha));
      await agree((reader) => reader.diffNumstat(parent, commit.sha));
      await agree((reader) => reader.diffPatch(parent, commit.sha));
      await agree((reader) => reader.diffNameStatus(parent, commit.sha, { detectRenames: false }));
      await agree((reader) => reader.diffPatch(parent, commit.sha, { contextLines: 1 }));
      await agree((reader) => reader.diffNumstat(parent, commit.sha, { paths: ['src', 'docs/moved'] }));
    }
    await agree((reader) => reader.diffPatch(sha('root'), sha('head')));
    await agree((reader) => reader.diffNumstat(null, sha('head')));
  });

  it('reports renames, binaries, mode and type changes and submodules as git does', async () => {
    const status = await native.diffNameStatus(sha('root'), sha('renames'));
    expect(status).toContainEqual({ status: 'R', path: 'docs/moved/exact.txt', oldPath: 'docs/exact.txt', similarity: 100 });
    expect(status).toContainEqual(expect.objectContaining({ status: 'R', path: 'lib/helpers.py', oldPath: 'src/helpers.py' }));
    expect(status).toContainEqual({ status: 'M', path: 'script.sh' });
    const numstat = await native.diffNumstat(sha('root'), sha('renames'));
    expect(numstat).toContainEqual({ path: 'image.bin', added: null, removed: null });
    expect(numstat).toContainEqual({ path: 'lib/helpers.py', oldPath: 'src/helpers.py', added: 2, removed: 2 });
    const typeChange = await native.diffNameStatus(sha('submodule'), sha('squash'));
    expect(typeChange).toEqual([
      { status: 'T', path: 'link-to-readme' },
      { status: 'M', path: 'vendor/lib' },
    ]);
    const patch = await isomorphic.diffPatch(sha('root'), sha('renames'));
    expect(patch).toContain('rename from src/helpers.py');
    expect(patch).toContain('Binary files a/image.bin and b/image.bin differ');
    expect(patch).toContain('@@ -11,7 +11,7 @@ class Widget:');
  });

  it('streams the log with each commit’s changed files', async () => {
    const history = await agree((reader) => collect(reader.logWithChanges({ firstParent: true })));
    const merge = history.find((entry) => entry.commit.sha === sha('merge'));
    expect(merge?.files).toEqual([{ status: 'A', path: 'src/feature.py', added: 2, removed: 0 }]);
    const empty = history.find((entry) => entry.commit.sha === sha('empty'));
    expect(empty?.files).toEqual([]);
    await agree((reader) => collect(reader.logWithChanges({})));
    await agree((reader) => collect(reader.logWithChanges({ firstParent: true, detectRenames: false, until: '2019-01-06' })));
    // The native backend reads long first-parent histories in parallel slices; the order and content must not change.
    const sliced = createGitCliReader({ directory: repository.directory, concurrency: 3, sliceSize: 2 });
    const serial = createGitCliReader({ directory: repository.directory, concurrency: 1 });
    expect(await collect(sliced.logWithChanges({ firstParent: true }))).toEqual(history);
    expect(await collect(serial.logWithChanges({ firstParent: true }))).toEqual(history);
    expect(await collect(sliced.logWithChanges({ firstParent: true, since: '2019-01-03', until: '2019-01-08' }))).toEqual(
      await collect(serial.logWithChanges({ firstParent: true, since: '2019-01-03', until: '2019-01-08' })),
    );
  });
});

import type { HistoryCommitRecord } from '@swespot/core';
import { historyCommitRecordSchema } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConformanceRepository, gitIn, type ConformanceRepository } from '../__fixtures__/build-conformance-repository';
import { createGitCliReader } from '../git/git-cli-reader';
import type { GitRepositoryReader } from '../git/git-repository-reader';
import { createIsomorphicGitReader } from '../git/isomorphic-git-reader';
import { computeFileChurn } from './compute-file-churn';
import { computeLineRangeChurn } from './compute-line-range-churn';
import { readHistory } from './read-history';

let repository: ConformanceRepository;
let readers: GitRepositoryReader[];

beforeAll(() => {
  repository = buildConformanceRepository();
  readers = [createGitCliReader({ directory: repository.directory }), createIsomorphicGitReader({ directory: repository.directory })];
});

afterAll(() => {
  for (const reader of readers ?? []) reader.close();
  repository?.cleanup();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('readHistory', () => {
  it('gives one valid record per first-parent commit with PRs, issues and files, the same on both backends', async () => {
    const [native, isomorphic] = await Promise.all(readers.map((reader) => collect(readHistory({ reader }))));
    expect(isomorphic).toEqual(native);
    const records = native as HistoryCommitRecord[];
    for (const record of records) historyCommitRecordSchema.parse(record);
    expect(records.map((record) => record.id)).toEqual(gitIn(repository.directory, ['rev-list', '--first-parent', 'HEAD']).split('\n'));
    const merge = records.find((record) => record.id === repository.commits.merge)!;
    expect(merge.pullRequest).toEqual({ number: 12, via: 'merge-commit' });
    expect(merge.issues).toEqual([{ number: 11, closing: true, keyword: 'fixes' }]);
    expect(merge.files).toEqual([{ status: 'A', path: 'src/feature.py', added: 2, removed: 0 }]);
    const squash = records.find((record) => record.id === repository.commits.squash)!;
    expect(squash.pullRequest).toEqual({ number: 34, via: 'squash-subject' });
    expect(squash.issues.map((issue) => issue.number)).toEqual([7, 8]);
    const renames = records.find((record) => record.id === repository.commits.renames)!;
    expect(renames.pullRequest).toBeNull();
    expect(renames.issues).toEqual([{ number: 3, closing: false }]);
    expect(renames.files).toContainEqual({ status: 'R', path: 'lib/helpers.py', oldPath: 'src/helpers.py', similarity: 94, added: 2, removed: 2 });
  });

  it('stops at the until date and also works through the plain GitReaderV1 methods', async () => {
    const native = readers[0]!;
    const limited = await collect(readHistory({ reader: native, until: '2019-01-03T23:59:59Z' }));
    expect(limited.map((record) => record.id)).toEqual([repository.commits.empty, repository.commits.renames, repository.commits.root]);
    const plain = { ...native, logWithChanges: undefined } as unknown as GitRepositoryReader;
    delete (plain as { logWithChanges?: unknown }).logWithChanges;
    expect(await collect(readHistory({ reader: plain, until: '2019-01-03T23:59:59Z' }))).toEqual(limited);
  });
});

describe('churn', () => {
  it('counts commits, distinct authors and lines per file over a window', async () => {
    for (const reader of readers) {
      const churn = await computeFileChurn({ reader, since: '2019-01-01', until: '2019-01-06T23:59:59Z' });
      const feature = churn.find((entry) => entry.path === 'src/feature.py');
      expect(feature).toEqual({ path: 'src/feature.py', commits: 2, authors: 1, linesChanged: 4, lastChangedAt: '2019-01-05T12:00:00.000Z' });
      expect(churn.find((entry) => entry.path === 'README.md')?.commits).toBe(2);
      expect(churn[0]!.commits).toBeGreaterThanOrEqual(churn[churn.length - 1]!.commits);
      const scoped = await computeFileChurn({ reader, paths: ['src'] });
      expect(scoped.every((entry) => entry.path.startsWith('src/'))).toBe(true);
    }
  });

  it('follows a line range back through edits and renames', async () => {
    for (const reader of readers) {
      // Line 20 of lib/helpers.py was edited by the rename commit and added by the root commit (as src/helpers.py).
      const edited = await computeLineRangeChurn({ reader, path: 'lib/helpers.py', start: 20, end: 20 });
      expect(edited.commits).toEqual([repository.commits.renames, repository.commits.root]);
      const untouched = await computeLineRangeChurn({ reader, path: 'lib/helpers.py', start: 1, end: 5 });
      expect(untouched.commits).toEqual([repository.commits.root]);
      const widget = await computeLineRangeChurn({ reader, path: 'src/widget.py', start: 17, end: 18, ref: repository.commits.head! });
      expect(widget.commits).toEqual([repository.commits.head, repository.commits.root]);
      expect(widget.authors).toBe(1);
    }
  });
});

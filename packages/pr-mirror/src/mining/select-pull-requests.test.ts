import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalcRepository, CALC_CUTOFF } from '../test/build-calc-repository';
import { isSourcePath, isTestPath } from './classify-path';
import { minePullRequests, type MinedHistory } from './mine-pull-requests';
import { selectPullRequests, STRICT_SELECTION } from './select-pull-requests';

let repository: string;
let work: string;
let snapshot: string;
let mined: MinedHistory;

beforeAll(async () => {
  repository = await buildCalcRepository();
  work = await mkdtemp(join(tmpdir(), 'swespot-mine-'));
  snapshot = (await createSnapshot({ repo: repository, cutoff: CALC_CUTOFF, history: 'truncated', into: join(work, 'snapshot') })).directory;
  const reader = await openGitReader({ directory: snapshot });
  try {
    mined = await minePullRequests({ reader });
  } finally {
    reader.close();
  }
});

afterAll(async () => {
  await rm(repository, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('minePullRequests', () => {
  it('finds merge-commit and squash pull requests before the cutoff, with titles, issues and file roles', () => {
    expect(mined.pullRequests.map((pr) => pr.number)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(mined.commitsWithoutPullRequest).toBe(2);
    const two = mined.pullRequests.find((pr) => pr.number === 2)!;
    expect(two.via).toBe('squash-subject');
    expect(two.title).toBe('Raise ValueError on division by zero');
    expect(two.issues).toEqual([{ number: 10, closing: true, keyword: 'fixes' }]);
    expect(two.files.map((file) => [file.path, file.role])).toEqual([
      ['calc/core.py', 'source'],
      ['tests/test_core.py', 'test'],
    ]);
    const three = mined.pullRequests.find((pr) => pr.number === 3)!;
    expect(three.via).toBe('merge-commit');
    expect(three.title).toBe('Strip surrounding spaces in slugify');
  });
});

describe('selectPullRequests', () => {
  it('relaxed keeps every PR with a source change; strict keeps those closing an issue; each filter counted', async () => {
    const reader = await openGitReader({ directory: snapshot });
    try {
      const relaxed = await selectPullRequests({ pullRequests: mined.pullRequests, reader });
      expect(relaxed.kept.map((pr) => pr.number)).toEqual([4, 3, 2, 1]);
      expect(relaxed.removedBy['source-change']).toBe(2);
      expect(relaxed.removed.get(5)).toBe('source-change');

      const strict = await selectPullRequests({ pullRequests: mined.pullRequests, reader, settings: STRICT_SELECTION });
      expect(strict.kept.map((pr) => pr.number)).toEqual([3, 2]);
      expect(strict.removedBy['linked-issue']).toBe(4);

      const short = await selectPullRequests({ pullRequests: mined.pullRequests, reader, settings: { ...STRICT_SELECTION, maxCurrentFileLines: 5 } });
      expect(short.kept).toEqual([]);
      expect(short.removedBy['current-file-lines']).toBe(2);
      const tested = await selectPullRequests({ pullRequests: mined.pullRequests, reader, settings: { requireTestChange: true, maxChangedLines: 2 } });
      expect(tested.removedBy['test-change']).toBe(1);
      expect(tested.removedBy['changed-lines']).toBe(1);
      expect(tested.kept.map((pr) => pr.number)).toEqual([3, 2]);
      expect(tested.removed.get(1)).toBe("changed-lines");
    } finally {
      reader.close();
    }
  });
});

describe('classify paths', () => {
  it('tells tests from sources', () => {
    expect(isTestPath('tests/test_core.py')).toBe(true);
    expect(isTestPath('src/app/conftest.py')).toBe(true);
    expect(isTestPath('lib/util.test.ts')).toBe(true);
    expect(isSourcePath('src/click/core.py')).toBe(true);
    expect(isSourcePath('docs/conf.rst')).toBe(false);
    expect(isSourcePath('testing/helpers.py')).toBe(false);
  });
});

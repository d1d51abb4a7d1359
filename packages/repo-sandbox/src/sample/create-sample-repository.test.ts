import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyCommitRecordSchema, InvalidArgumentError, type HistoryCommitRecord, type TestReport } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnvironment, taskEnvironmentOf } from '../environment/build-environment';
import { inferEnvironment } from '../environment/infer-environment';
import { runEnvironmentTests } from '../environment/run-environment-tests';
import { createGitCliReader } from '../git/git-cli-reader';
import { runGitText } from '../git/run-git';
import { readHistory } from '../history/read-history';
import { testPythonImage } from '../sandbox-shared/__fixtures__/test-images';
import { createSnapshot } from '../snapshot/create-snapshot';
import { createSampleRepository, type SampleRepository } from './create-sample-repository';
import { SAMPLE_REPOSITORY_CUTOFF } from './sample-history';

const made: string[] = [];
let sample: SampleRepository;

async function folder(prefix: string): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  made.push(path);
  return path;
}

beforeAll(async () => {
  sample = await createSampleRepository({ directory: join(await folder('swespot-sample-'), 'tinyshop') });
});

afterAll(async () => {
  for (const path of made) await rm(path, { recursive: true, force: true });
});

const git = (args: string[]) => runGitText(args, { cwd: sample.directory });

function statuses(report: TestReport | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const test of report?.tests ?? []) counts[test.status] = (counts[test.status] ?? 0) + 1;
  return counts;
}

describe('createSampleRepository', () => {
  it('writes the same commits on every run, and refuses a folder that is not empty', async () => {
    const again = await createSampleRepository({ directory: await folder('swespot-sample-again-') });
    expect(again.head).toBe(sample.head);
    expect(again.pullRequests.map((pullRequest) => pullRequest.mergeCommit)).toEqual(sample.pullRequests.map((pullRequest) => pullRequest.mergeCommit));
    const occupied = await folder('swespot-sample-occupied-');
    await writeFile(join(occupied, 'keep.txt'), 'mine\n');
    await expect(createSampleRepository({ directory: occupied })).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error) && /not empty/.test((error as Error).message));
  });

  it('has a first-parent history of dated GitHub merge commits with linked issues on both sides of the cutoff', async () => {
    const log = (await git(['log', '--first-parent', '--format=%cI %s', 'main'])).trim().split('\n').reverse();
    expect(log[0]).toBe('2024-01-08T09:00:00+00:00 Initial commit: Money, parse_money and format_money');
    expect(log.filter((line) => / Merge pull request #\d+ from tinyshop-dev\//.test(line))).toHaveLength(11);
    expect(log).toContain('2024-02-12T08:40:00+00:00 Merge pull request #4 from tinyshop-dev/fix-negative-amounts');
    const summary = sample.pullRequests.map((pullRequest) => `${pullRequest.number}:${pullRequest.type}:${pullRequest.beforeCutoff ? 'before' : 'after'}`);
    expect(summary).toEqual(['1:feature:before', '2:feature:before', '4:bugfix:before', '5:feature:before', '7:bugfix:before', '8:feature:before', '10:bugfix:before', '12:bugfix:before', '13:feature:after', '15:bugfix:after', '16:bugfix:after']);
    for (const pullRequest of sample.pullRequests.filter((candidate) => candidate.type === 'bugfix')) {
      expect(pullRequest.sourceFiles.length, `#${pullRequest.number}`).toBeGreaterThan(0);
      expect(pullRequest.testFiles.length, `#${pullRequest.number}`).toBeGreaterThan(0);
      expect(pullRequest.failToPass.length, `#${pullRequest.number}`).toBeGreaterThan(0);
    }
    expect(Object.keys(sample.tags)).toEqual(['v0.1.0', 'v0.2.0', 'v0.3.0', 'v0.4.0']);

    // What a PR miner reads from a snapshot with its history at the cutoff: PR numbers and closing issues.
    const snapshot = await createSnapshot({ repo: sample.directory, cutoff: SAMPLE_REPOSITORY_CUTOFF, history: 'truncated', into: await folder('swespot-sample-snapshot-') });
    expect(snapshot.audit.leaks).toEqual([]);
    const reader = createGitCliReader({ directory: snapshot.directory });
    const records: HistoryCommitRecord[] = [];
    try {
      for await (const record of readHistory({ reader })) records.push(historyCommitRecordSchema.parse(record));
    } finally {
      reader.close();
    }
    const merged = records.filter((record) => record.pullRequest !== null);
    expect(merged.map((record) => record.pullRequest!.number).sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 7, 8, 10, 12]);
    expect(records.find((record) => record.pullRequest?.number === 12)!.issues).toEqual([{ number: 11, closing: true, keyword: 'fixes' }]);
    // PR #13 was written before the cutoff but merged after it: not in the snapshot.
    expect(records.map((record) => record.id)).not.toContain(sample.pullRequests.find((pullRequest) => pullRequest.number === 13)!.mergeCommit);
  });

  it('runs its suite under Docker with Debian pytest only, at the cutoff and at HEAD, and each bug fix before the cutoff reverts to failing tests', async () => {
    const snapshot = await createSnapshot({ repo: sample.directory, cutoff: SAMPLE_REPOSITORY_CUTOFF, into: await folder('swespot-sample-env-') });
    const recipe = await inferEnvironment(snapshot.directory);
    const build = await buildEnvironment({ recipe, snapshotPath: snapshot.directory, dependencies: 'offline-debian', baseImage: await testPythonImage() });
    expect(build.usable).toBe(true);
    expect(build.projectInstalled).toBe('installed');
    expect(statuses(build.baseline)).toEqual({ passed: 22 });

    // HEAD (after the cutoff) in the same image: three more tests, all passing.
    const atHead = await runEnvironmentTests({ ...taskEnvironmentOf(build), workspace: sample.directory });
    expect(statuses(atHead)).toEqual({ passed: 25 });

    for (const pullRequest of sample.pullRequests.filter((candidate) => candidate.type === 'bugfix' && candidate.beforeCutoff)) {
      const fix = await git(['diff', `${pullRequest.mergeCommit}^1`, pullRequest.mergeCommit, '--', ...pullRequest.sourceFiles]);
      const bug = await git(['diff', '-R', `${pullRequest.mergeCommit}^1`, pullRequest.mergeCommit, '--', ...pullRequest.sourceFiles]);
      expect(fix.length).toBeGreaterThan(0);
      const selection = taskEnvironmentOf(build, { mode: 'tests', testIds: [...pullRequest.failToPass] });
      const broken = await runEnvironmentTests({ ...selection, patch: bug });
      expect(broken.tests.map((test) => [test.testId, test.status]), `#${pullRequest.number}`).toEqual(pullRequest.failToPass.map((id) => [id, 'failed']));
    }
  }, 900_000);
});

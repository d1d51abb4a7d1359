import { rm } from 'node:fs/promises';
import { reproductionGradeSchema, testReproTaskSchema, type ReproductionGrade, type TestReproTask } from '@swespot/core';
import { buildEnvironment, inferEnvironment, taskEnvironmentOf } from '@swespot/repo-sandbox';
import { buildNodeBaseImage } from '@swespot/repo-sandbox/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToTallyTests, TALLY_BUGGY, TALLY_GOLD_PATCH, TALLY_GOLD_TEST_PATCH, writeGitRepository } from '../test/buggy-repositories';
import { gradeReproduction } from './grade-reproduction';

const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

let task: TestReproTask;

async function grade(testPatch: string, runsPerSide = 1): Promise<ReproductionGrade> {
  const result = await gradeReproduction({ task, testPatch, runsPerSide });
  expect(reproductionGradeSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  return result;
}

beforeAll(async () => {
  // tally at its buggy base commit (a historical bug, as in SWE-bench): the gold tests are not in it.
  const { root, commit } = await writeGitRepository(TALLY_BUGGY, 'swespot-repro-tally-');
  made.push(root);
  const build = await buildEnvironment({ recipe: await inferEnvironment(root), snapshotPath: root, baseImage: await buildNodeBaseImage() });
  expect(build.testSpec.framework).toBe('node-test');
  expect(build.usable).toBe(true);
  task = testReproTaskSchema.parse({
    schemaVersion: 1,
    id: 'swespot__tally-12.test-repro',
    kind: 'test-repro',
    repo: 'swespot/tally',
    snapshot: { commit, cutoff: '2024-06-30T00:00:00Z' },
    ...taskEnvironmentOf(build),
    provenance: { source: 'manual', createdAt: '2024-07-01T00:00:00Z' },
    seed: 0,
    problemStatement: 'total([1, 2, 3]) is 5: the first value is left out.',
    goldPatch: TALLY_GOLD_PATCH,
    testPatch: TALLY_GOLD_TEST_PATCH,
    testFiles: ['test/tally.test.js'],
    grading: { failBefore: 'any', passAfter: 'all', weighByCoverage: true },
  });
}, 1_200_000);

describe('gradeReproduction: JavaScript (node --test, V8 coverage), a historical bug', () => {
  it('grades the gold tests as resolved, measuring the changed line with V8 coverage', async () => {
    const result = await grade(task.testPatch, 2);
    expect(result.reasons).toEqual([]);
    expect(result).toMatchObject({ resolved: true, score: 1, failBefore: true, passAfter: true });
    expect(result.tests).toEqual([{ id: 'total > adds every value', file: 'test/tally.test.js', name: 'total > adds every value', before: ['failed', 'failed'], after: ['passed', 'passed'], outcome: 'fail-to-pass' }]);
    expect(result.coverage).toEqual({
      tool: 'v8',
      share: 1,
      covered: 2,
      missed: 0,
      files: [
        { path: 'src/tally.js', side: 'before', covered: [5], missed: [], notExecutable: [] },
        { path: 'src/tally.js', side: 'after', covered: [5], missed: [], notExecutable: [] },
      ],
    });
    // The name filter ran the added case only: the file's other case was skipped.
    expect(result.runs.after[0]!.tests.find((test) => test.testId === 'average > is zero for no values')?.status).toBe('skipped');
  }, 900_000);

  it('scores a test that never reaches the changed line at 0, and one that passes on the buggy code as not resolved', async () => {
    // average([]) returns before the loop runs: it passes on both sides and executes nothing changed.
    const early = await grade(appendToTallyTests(['', "describe('empty', () => {", "  it('averages nothing', () => {", "    assert.equal(require('../src/tally').average([]), 0);", '  });', '});']));
    expect(early).toMatchObject({ resolved: false, failBefore: false, reasons: [{ code: 'passes-on-both-sides' }] });
    expect(early.coverage).toMatchObject({ share: 0, covered: 0, missed: 2 });
    // Fails before (an assertion on the source text) and passes after without running total: no coverage.
    const source = await grade(
      appendToTallyTests(['', "describe('source', () => {", "  it('starts at the first value', () => {", "    assert.match(require('../src/tally').total.toString(), /index = 0/);", '  });', '});']),
    );
    expect(source).toMatchObject({ failBefore: true, passAfter: true, resolved: false, score: 0, reasons: [{ code: 'no-coverage' }] });
  }, 900_000);
});

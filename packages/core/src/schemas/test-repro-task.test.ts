import { describe, expect, it } from 'vitest';
import { exampleTestReproTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { testReproTaskSchema } from './test-repro-task';

describe('testReproTaskSchema', () => {
  it('accepts a test reproduction task', () => {
    expect(testReproTaskSchema.parse(exampleTestReproTask())).toStrictEqual(exampleTestReproTask());
  });

  it('fills in the TDD-Bench grading rule by default', () => {
    const parsed = testReproTaskSchema.parse({ ...exampleTestReproTask(), grading: {} });
    expect(parsed.grading).toEqual({ failBefore: 'any', passAfter: 'all', weighByCoverage: false });
  });

  it('rejects a grading rule that passes when any test passes after the fix', () => {
    const task = exampleTestReproTask();
    expect(issuePathsOf(testReproTaskSchema, { ...task, grading: { ...task.grading, passAfter: 'any' } })).toEqual([
      'grading.passAfter',
    ]);
  });
});

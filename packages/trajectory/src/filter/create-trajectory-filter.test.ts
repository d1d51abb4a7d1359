import type { EvalResult } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { createTrajectoryFilter } from './create-trajectory-filter';
import { createVerdictIndex } from './verdicts';

function result(trajectoryId: string, taskKind: EvalResult['taskKind'], resolved: boolean | null, score: number): EvalResult {
  return { schemaVersion: 1, id: `r-${trajectoryId}`, runId: 'run', taskId: 'calc__calc-1', taskKind, model: { provider: 'openai', modelId: 'gpt-test' }, attempt: 1, resolved, score, trajectoryId };
}

describe('createTrajectoryFilter', () => {
  it('keeps graded successes per task kind and refuses the rest with a reason', () => {
    const verdicts = createVerdictIndex([result('fixed', 'bugfix', true, 1), result('broken', 'bugfix', false, 0), result('report', 'design', null, 0.8), result('weak', 'design', null, 0.4)]);
    const filter = createTrajectoryFilter({ success: { verdicts }, duplicates: false });
    expect(filter.check(makeTrajectory({ id: 'fixed' })).accepted).toBe(true);
    expect(filter.check(makeTrajectory({ id: 'broken' }))).toMatchObject({ accepted: false, reason: 'unsuccessful' });
    expect(filter.check(makeTrajectory({ id: 'report', taskKind: 'design', submission: { type: 'report', text: 'x' } })).accepted).toBe(true);
    expect(filter.check(makeTrajectory({ id: 'weak', taskKind: 'design', submission: { type: 'report', text: 'x' } }))).toMatchObject({ accepted: false, reason: 'unsuccessful' });
    expect(filter.check(makeTrajectory({ id: 'unknown' }))).toMatchObject({ accepted: false, reason: 'no-verdict' });
    expect(filter.check(makeTrajectory({ id: 'fixed', outcome: 'step-limit', submission: null }))).toMatchObject({ accepted: false, reason: 'not-submitted' });
    expect(createTrajectoryFilter({ success: false }).check(makeTrajectory({ outcome: 'error', submission: null })).accepted).toBe(true);
  });

  it('bounds turns and tokens', () => {
    expect(createTrajectoryFilter({ maxTurns: 2 }).check(makeTrajectory())).toEqual({ accepted: false, reason: 'too-many-turns', message: '3 turns, more than 2' });
    expect(createTrajectoryFilter({ minTurns: 4 }).check(makeTrajectory())).toMatchObject({ reason: 'too-few-turns' });
    expect(createTrajectoryFilter({ maxTokens: 10 }).check(makeTrajectory())).toMatchObject({ reason: 'too-many-tokens', message: expect.stringMatching(/^\d+ tokens, more than 10 \(estimate\)$/) });
    const accepted = createTrajectoryFilter({ maxTokens: 100_000 }).check(makeTrajectory());
    expect(accepted.accepted && accepted.tokens > 10).toBe(true);
  });

  it('refuses near-duplicates of the same task only', () => {
    const filter = createTrajectoryFilter();
    expect(filter.check(makeTrajectory({ id: 'a' })).accepted).toBe(true);
    expect(filter.check(makeTrajectory({ id: 'b', steps: makeTrajectory().steps.map((step) => ({ ...step, observation: 'other output' })) }))).toMatchObject({ accepted: false, reason: 'duplicate' });
    expect(filter.check(makeTrajectory({ id: 'c', taskId: 'calc__calc-2' })).accepted).toBe(true);
    expect(filter.check(makeTrajectory({ id: 'd', steps: [makeStep(0, 'ls', ''), makeStep(1, 'pytest', ''), makeStep(2, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', '')] })).accepted).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { exampleTrajectory } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { trajectoryOutcomeSchema, trajectorySchema } from './trajectory';

describe('trajectorySchema', () => {
  it('accepts a trajectory that submitted a diff', () => {
    expect(trajectorySchema.parse(exampleTrajectory())).toStrictEqual(exampleTrajectory());
  });

  it('accepts a trajectory stopped at the step limit with no submission, flags defaulted', () => {
    const trajectory = exampleTrajectory();
    const steps = trajectory.steps.map(({ flags: _flags, ...step }) => ({ ...step, flags: {} }));
    const parsed = trajectorySchema.parse({ ...trajectory, steps, outcome: 'step-limit', outcomeReason: '64 steps', submission: null });
    expect(parsed.steps[1]?.flags).toEqual({ malformed: false, timedOut: false, repeated: false, lossMasked: false });
    expect(parsed.submission).toBeNull();
  });

  it('accepts a trajectory ended by consecutive command timeouts, its last step timed out', () => {
    const trajectory = exampleTrajectory();
    const steps = trajectory.steps.map((step) => ({ ...step, exitCode: null, flags: { ...step.flags, timedOut: true } }));
    const record = { ...trajectory, steps, outcome: 'command-timeout', outcomeReason: '3 commands in a row timed out (limit 60 s each): sleep 100', submission: null };
    const parsed = trajectorySchema.parse(record);
    expect(parsed.outcome).toBe('command-timeout');
    expect(parsed.steps.at(-1)?.flags.timedOut).toBe(true);
    expect(trajectoryOutcomeSchema.options).toContain('command-timeout');
  });

  it('rejects step indexes that skip a number', () => {
    const trajectory = exampleTrajectory();
    const [first, second] = trajectory.steps;
    if (first === undefined || second === undefined) throw new Error('fixture changed');
    expect(issuePathsOf(trajectorySchema, { ...trajectory, steps: [first, { ...second, index: 2 }] })).toEqual(['steps.1.index']);
  });

  it('rejects an unknown outcome, a bad sampling setting and a bad submission', () => {
    const trajectory = exampleTrajectory();
    const paths = issuePathsOf(trajectorySchema, {
      ...trajectory,
      outcome: 'gave-up',
      settings: { ...trajectory.settings, topP: 1.5 },
      submission: { type: 'diff' },
    });
    expect(paths.sort()).toEqual(['outcome', 'settings.topP', 'submission.diff']);
  });

  it('rejects a run that ends before it starts', () => {
    expect(issuePathsOf(trajectorySchema, { ...exampleTrajectory(), endedAt: '2026-01-03T07:59:59Z' })).toEqual(['endedAt']);
  });

  it('keeps native tool calls on steps in layout 2, and refuses them in layout 1 (whose readers would drop them)', () => {
    const trajectory = exampleTrajectory();
    const [first, ...rest] = trajectory.steps;
    if (first === undefined) throw new Error('fixture changed');
    const withCalls = {
      ...trajectory,
      schemaVersion: 2,
      steps: [{ ...first, toolCalls: [{ id: 'call_1', name: 'bash', arguments: '{"command":"ls"}', output: 'a.py' }] }, ...rest],
    };
    expect(trajectorySchema.parse(withCalls).steps[0]?.toolCalls).toEqual([{ id: 'call_1', name: 'bash', arguments: '{"command":"ls"}', output: 'a.py' }]);
    expect(trajectorySchema.parse({ ...trajectory, schemaVersion: 2 }).schemaVersion).toBe(2);
    expect(issuePathsOf(trajectorySchema, { ...withCalls, schemaVersion: 1 })).toEqual(['steps.0.toolCalls']);
    expect(issuePathsOf(trajectorySchema, { ...withCalls, steps: [{ ...first, toolCalls: [{ id: '', name: 'bash', arguments: '{}', extra: 1 }] }, ...rest] }).sort()).toEqual([
      'steps.0.toolCalls.0',
      'steps.0.toolCalls.0.id',
    ]);
    expect(issuePathsOf(trajectorySchema, { ...trajectory, schemaVersion: 3 })).toEqual(['schemaVersion']);
  });
});

import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { createTrajectoryFilter } from './create-trajectory-filter';
import { findLoops, trimLoops } from './find-loops';

const looping = () =>
  makeTrajectory({
    steps: [
      makeStep(0, 'ls', 'a.py'),
      makeStep(1, 'python a.py', 'Error'),
      makeStep(2, 'python  a.py', 'Error'),
      makeStep(3, 'python a.py', 'Error'),
      makeStep(4, 'cat a.py', 'x'),
      makeStep(5, 'sed -i s/x/y/ a.py', ''),
      makeStep(6, 'cat a.py', 'y'),
      makeStep(7, 'sed -i s/x/y/ a.py', ''),
      makeStep(8, 'cat a.py', 'y'),
      makeStep(9, 'sed -i s/x/y/ a.py', ''),
      makeStep(10, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', 'done'),
    ],
  });

describe('findLoops and trimLoops', () => {
  it('finds a repeated action (white space ignored) and a repeated two-step cycle', () => {
    expect(findLoops(looping())).toEqual([
      { start: 1, period: 1, repeats: 3, end: 4 },
      { start: 4, period: 2, repeats: 3, end: 10 },
    ]);
  });

  it('trims each loop to its first cycle and renumbers the steps', () => {
    const trimmed = trimLoops(looping(), findLoops(looping()));
    expect(trimmed.steps.map((step) => step.action)).toEqual(['ls', 'python a.py', 'cat a.py', 'sed -i s/x/y/ a.py', 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT']);
    expect(trimmed.steps.map((step) => step.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not call two repeats a loop by default, and honours minRepeats', () => {
    const trajectory = makeTrajectory({ steps: [makeStep(0, 'ls', ''), makeStep(1, 'ls', ''), makeStep(2, 'pwd', '')] });
    expect(findLoops(trajectory)).toEqual([]);
    expect(findLoops(trajectory, { minRepeats: 2 })).toEqual([{ start: 0, period: 1, repeats: 2, end: 2 }]);
  });

  it('drops or trims in the filter, by option', () => {
    expect(createTrajectoryFilter({ loops: 'drop' }).check(looping())).toMatchObject({ accepted: false, reason: 'loop', message: expect.stringContaining('steps 1-3 repeat a 1-step cycle 3 times') });
    const trimmed = createTrajectoryFilter({ loops: 'trim' }).check(looping());
    expect(trimmed).toMatchObject({ accepted: true, trimmedSteps: 6 });
    expect(createTrajectoryFilter({ loops: 'keep' }).check(looping())).toMatchObject({ accepted: true, trimmedSteps: 0 });
  });
});

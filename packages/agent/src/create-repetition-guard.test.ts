import { describe, expect, it } from 'vitest';
import { createRepetitionGuard } from './create-repetition-guard';

describe('createRepetitionGuard', () => {
  it('runs twice, warns on the 3rd and 4th identical reply, stops on the 5th', () => {
    const guard = createRepetitionGuard();
    const verdicts = ['a', ' a\n', 'b', 'a', 'a', 'b', 'a'].map((reply) => guard.observe(reply));
    expect(verdicts).toEqual([
      { count: 1, verdict: 'run' },
      { count: 2, verdict: 'run' },
      { count: 1, verdict: 'run' },
      { count: 3, verdict: 'warn' },
      { count: 4, verdict: 'warn' },
      { count: 2, verdict: 'run' },
      { count: 5, verdict: 'stop' },
    ]);
  });

  it('takes other thresholds', () => {
    const guard = createRepetitionGuard({ warnAt: 2, stopAt: 2 });
    expect(guard.observe('x').verdict).toBe('run');
    expect(guard.observe('x').verdict).toBe('stop');
  });
});

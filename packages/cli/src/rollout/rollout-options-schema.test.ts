import { describe, expect, it } from 'vitest';
import { flagOf, rolloutOptionsSchema } from './rollout-options-schema';

describe('rolloutOptionsSchema', () => {
  const base = { model: 'vllm:qwen', out: 'out.jsonl' };

  it('fills the paper-style defaults, including three command timeouts in a row', () => {
    expect(rolloutOptionsSchema.parse(base)).toMatchObject({ runs: 1, concurrency: 4, stepLimit: 64, contextLimit: 48_000, commandTimeout: 60, maxConsecutiveTimeouts: 3, sandbox: 'docker' });
  });

  it("takes a count of timeouts or 'Infinity' to never end a run for them", () => {
    expect(rolloutOptionsSchema.parse({ ...base, maxConsecutiveTimeouts: '5' }).maxConsecutiveTimeouts).toBe(5);
    expect(rolloutOptionsSchema.parse({ ...base, maxConsecutiveTimeouts: 'Infinity' }).maxConsecutiveTimeouts).toBe(Number.POSITIVE_INFINITY);
    expect(rolloutOptionsSchema.safeParse({ ...base, maxConsecutiveTimeouts: '0' }).success).toBe(false);
    expect(flagOf('maxConsecutiveTimeouts')).toBe('--max-consecutive-timeouts');
  });
});

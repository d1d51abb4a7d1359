import { describe, expect, it } from 'vitest';
import { verifierScoreSchema } from './verifier-score';

const base = { schemaVersion: 1, id: 'calc__calc-7__run-0', taskId: 'calc__calc-7', verifierId: 'generative:vllm:verifier-8b' } as const;

describe('verifierScoreSchema', () => {
  it('takes a score or a drop reason', () => {
    expect(verifierScoreSchema.parse({ ...base, score: 0.75, method: 'logprobs', calls: 1, inputTokens: 900, outputTokens: 1 }).score).toBe(0.75);
    expect(verifierScoreSchema.parse({ ...base, dropped: 'empty-patch' }).dropped).toBe('empty-patch');
  });

  it('refuses both, neither, a score outside [0, 1] and unknown keys', () => {
    expect(verifierScoreSchema.safeParse({ ...base, score: 0.5, dropped: 'empty-patch' }).error?.issues[0]?.message).toBe('Exactly one of score and dropped must be set');
    expect(verifierScoreSchema.safeParse(base).success).toBe(false);
    expect(verifierScoreSchema.safeParse({ ...base, score: 1.5 }).success).toBe(false);
    expect(verifierScoreSchema.safeParse({ ...base, score: 0.5, verdict: 'yes' }).success).toBe(false);
  });
});

import { shardOptionSchema } from '@swespot/core';
import { z } from 'zod';
import { dockerHostOptionSchema } from '../sandbox/docker-engines-option';
import { ROLLOUT_MODEL_PROVIDERS } from '../rollout/rollout-options-schema';
import { verifierFlagsShape } from './eval-tts-options-schema';

const count = (what: string) =>
  z.coerce.number({ error: `expected a number of ${what}` }).pipe(z.int(`expected a whole number of ${what}`).positive(`expected 1 or more ${what}`));
const providerModel = z
  .string()
  .regex(/^[a-z.]+:.+$/, 'expected PROVIDER:MODEL, e.g. vllm:Qwen/Qwen3-4B-Instruct-2507 or openai:gpt-5-mini')
  .refine((value) => (ROLLOUT_MODEL_PROVIDERS as readonly string[]).includes(value.slice(0, value.indexOf(':'))), {
    message: `unknown provider; use one of ${ROLLOUT_MODEL_PROVIDERS.join(', ')}`,
  });
const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL ending in /v1, e.g. http://127.0.0.1:8000/v1' });
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable (never the key itself)');

/** The flags of `swespot eval run`, as commander hands them over, checked and converted; issues are reported per flag, all at once. */
export const evalRunOptionsSchema = z
  .strictObject({
    task: z.enum(['sbv', 'tdd', 'fea', 'qa', 'tasks'], { error: 'expected sbv, tdd, fea, qa or tasks' }),
    shard: shardOptionSchema.optional(),
    data: z.array(z.string().min(1)).min(1, 'expected at least one benchmark JSONL file'),
    references: z.array(z.string().min(1)).optional(),
    rankData: z.array(z.string().min(1)).optional(),
    cutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'expected YYYY-MM-DD or an ISO 8601 date-time').optional(),
    topRepos: count('repositories').optional(),
    training: z.array(z.string().min(1)).optional(),
    allowLeakage: z.boolean().optional(),
    model: providerModel.optional(),
    predictions: z.string().min(1).optional(),
    baseUrl: url.optional(),
    apiKeyEnv: envName.optional(),
    judge: providerModel.optional(),
    judgeBaseUrl: url.optional(),
    judgeApiKeyEnv: envName.optional(),
    judgeSamples: count('judge samples').default(3),
    runs: count('runs').default(3),
    concurrency: count('runs at once').default(4),
    gradeConcurrency: count('gradings at once').default(2),
    imageMap: z.string().min(1).optional(),
    repos: z.string().min(1).optional(),
    deps: z.enum(['offline-debian', 'online'], { error: 'expected offline-debian or online' }).default('offline-debian'),
    stepLimit: count('model calls').default(64),
    contextLimit: count('tokens').default(48_000),
    commandTimeout: count('seconds').default(60),
    temperature: z.coerce.number().min(0).max(2).default(1),
    topP: z.coerce.number().gt(0).max(1).default(0.8),
    topK: count('tokens').default(20),
    repetitionPenalty: z.coerce.number().positive().default(1.05),
    limit: count('instances').optional(),
    dockerHost: dockerHostOptionSchema,
    out: z.string({ error: 'required: the run folder, e.g. --out eval/django' }).min(1),
    // test-time scaling: K rollouts per instance (overrides runs) judged by a verifier
    tts: count('rollouts').optional(),
    ...verifierFlagsShape,
  });

/** The checked flags of `swespot eval run`. */
export type EvalRunOptions = z.output<typeof evalRunOptionsSchema>;

/** The issue with the contender flags: exactly one of --model and --predictions (checked apart, so it shows beside the other flags' issues). */
export function contenderIssue(raw: Readonly<Record<string, unknown>>): string | undefined {
  return (raw.model === undefined) === (raw.predictions === undefined) ? 'give exactly one of --model PROVIDER:MODEL and --predictions gold|empty|FILE' : undefined;
}

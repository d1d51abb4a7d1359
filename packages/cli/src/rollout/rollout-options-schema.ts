import { shardOptionSchema } from '@swespot/core';
import { z } from 'zod';
import { dockerHostOptionSchema } from '../sandbox/docker-engines-option';

/** The model backends `swespot rollout --model PROVIDER:MODEL` knows. */
export const ROLLOUT_MODEL_PROVIDERS = ['openai', 'vllm', 'sglang', 'llama.cpp', 'anthropic', 'google'] as const;

/** The sandbox backends `swespot rollout --sandbox` knows. */
export const ROLLOUT_SANDBOXES = ['docker', 'bubblewrap', 'local'] as const;

const count = (what: string) =>
  z.coerce.number({ error: `expected a number of ${what}` }).pipe(z.int(`expected a whole number of ${what}`).positive(`expected 1 or more ${what}`));
const positive = (what: string) =>
  z.coerce.number({ error: `expected a number (${what})` }).pipe(z.number().positive(`expected more than 0 (${what})`).finite());

/**
 * The flags of `swespot rollout`, as commander hands them over (strings), checked and
 * converted. Issues are reported per flag, all at once.
 */
export const rolloutOptionsSchema = z.strictObject({
  model: z
    .string({ error: 'required: the model as PROVIDER:MODEL, e.g. openai:gpt-5-mini or vllm:Qwen/Qwen3-4B-Instruct-2507' })
    .regex(/^[a-z.]+:.+$/, 'expected PROVIDER:MODEL, e.g. openai:gpt-5-mini or vllm:Qwen/Qwen3-4B-Instruct-2507')
    .refine((value) => (ROLLOUT_MODEL_PROVIDERS as readonly string[]).includes(value.slice(0, value.indexOf(':'))), {
      message: `unknown provider; use one of ${ROLLOUT_MODEL_PROVIDERS.join(', ')}`,
    }),
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL ending in /v1, e.g. http://127.0.0.1:8000/v1' }).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable (never the key itself)')
    .optional(),
  out: z.string({ error: 'required: the trajectories file to write, e.g. --out trajectories.jsonl' }).min(1),
  runs: count('runs').default(1),
  concurrency: count('runs at once').default(4),
  sandbox: z.enum(ROLLOUT_SANDBOXES, { error: `expected one of ${ROLLOUT_SANDBOXES.join(', ')}` }).default('docker'),
  image: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
  logDir: z.string().min(1).optional(),
  stepLimit: count('model calls').default(64),
  contextLimit: count('tokens').default(48_000),
  costLimit: positive('US dollars').optional(),
  commandTimeout: positive('seconds').default(60),
  maxConsecutiveTimeouts: z
    .union([z.literal('Infinity').transform(() => Number.POSITIVE_INFINITY), count('timed-out commands')])
    .default(3),
  temperature: z.coerce.number().min(0).max(2).optional(),
  topP: z.coerce.number().gt(0).max(1).optional(),
  topK: count('tokens').optional(),
  repetitionPenalty: positive('1 means none').optional(),
  maxOutputTokens: count('tokens').optional(),
  seed: z.coerce.number().pipe(z.int('expected a whole number')).optional(),
  writeErrored: z.boolean().optional(),
  unsafe: z.boolean().optional(),
  shard: shardOptionSchema.optional(),
  dockerHost: dockerHostOptionSchema,
});

/** The checked flags of `swespot rollout`. */
export type RolloutOptions = z.output<typeof rolloutOptionsSchema>;

/** Turns a camelCase option key into its flag, e.g. `stepLimit` → `--step-limit`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

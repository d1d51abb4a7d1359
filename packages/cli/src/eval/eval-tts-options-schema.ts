import { z } from 'zod';
import { ROLLOUT_MODEL_PROVIDERS } from '../rollout/rollout-options-schema';

const count = (what: string) =>
  z.coerce.number({ error: `expected a number of ${what}` }).pipe(z.int(`expected a whole number of ${what}`).positive(`expected 1 or more ${what}`));

/** `--verifier PROVIDER:MODEL`. */
export const verifierModelSchema = z
  .string()
  .regex(/^[a-z.]+:.+$/, 'expected PROVIDER:MODEL, e.g. vllm:Qwen/Qwen3-8B')
  .refine((value) => (ROLLOUT_MODEL_PROVIDERS as readonly string[]).includes(value.slice(0, value.indexOf(':'))), {
    message: `unknown provider; use one of ${ROLLOUT_MODEL_PROVIDERS.join(', ')}`,
  });

/** The verifier flags shared by `swespot eval run --tts K` and `swespot eval tts DIR`. */
export const verifierFlagsShape = {
  verifier: verifierModelSchema.optional(),
  verifierBaseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL ending in /v1, e.g. http://127.0.0.1:8001/v1' }).optional(),
  verifierApiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable (never the key itself)').optional(),
  verifierSamples: count('samples').optional(),
  verifierMethod: z.enum(['auto', 'logprobs', 'sampling'], { error: 'expected auto, logprobs or sampling' }).optional(),
  verifierUserTemplate: z.string().min(1).optional(),
  verifierSystemTemplate: z.string().min(1).optional(),
  verifierNoThinking: z.boolean().optional(),
};

/** The flags of `swespot eval tts DIR`, checked and converted. */
export const evalTtsOptionsSchema = z.strictObject({
  ...verifierFlagsShape,
  verifier: verifierModelSchema,
  k: count('rollouts').optional(),
  dataset: z.string().min(1).optional(),
  concurrency: count('verifications at once').default(4),
});

/** The checked flags of `swespot eval tts`. */
export type EvalTtsOptions = z.output<typeof evalTtsOptionsSchema>;

/** The issue with `swespot eval run`'s test-time scaling flags: `--tts` needs `--verifier` and `--model`, and `--verifier` needs `--tts`. */
export function ttsIssue(raw: Readonly<Record<string, unknown>>): string | undefined {
  if (raw.tts === undefined) return raw.verifier === undefined ? undefined : '--verifier needs --tts K (or score a finished run with swespot eval tts DIR --verifier ...)';
  if (raw.verifier === undefined) return '--tts needs --verifier PROVIDER:MODEL, the model that judges the rollouts';
  if (raw.model === undefined) return '--tts needs --model: fixed --predictions have one rollout per instance';
  return undefined;
}

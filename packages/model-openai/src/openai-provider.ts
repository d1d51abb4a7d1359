import OpenAI from 'openai';
import {
  findModelPrice,
  InvalidArgumentError,
  loadApiKey,
  type PriceTable,
  resolveRetrySettings,
  type RetrySettings,
} from '@swespot/core';
import { z } from 'zod';
import { createErrorBodyCapture } from './create-error-body-capture';
import { OpenAIChatModel, type OpenAIModelSettings, type OpenAIRetryEvent } from './openai-chat-model';
import { openaiPrices } from './openai-prices';
import type { OpenAICompatibleServer } from './prepare-openai-request';

/** The key sent to an OpenAI-compatible server when `baseURL` is set and no key is given (vLLM's convention). */
export const PLACEHOLDER_API_KEY = 'EMPTY';

/** Settings of {@link createOpenAI}. */
export interface OpenAIProviderSettings {
  /**
   * The API key. Default: the `apiKeyEnvironmentVariable` variable (`OPENAI_API_KEY`), read
   * on the first call. When `baseURL` is set and neither is given, the placeholder
   * {@link PLACEHOLDER_API_KEY} (`EMPTY`) is sent, as a local vLLM/SGLang/llama.cpp server
   * started without `--api-key` accepts any key; otherwise a missing key raises `LoadSettingError`.
   */
  readonly apiKey?: string;
  /** The environment variable that holds the key. Default: `OPENAI_API_KEY`. */
  readonly apiKeyEnvironmentVariable?: string;
  /**
   * The API's base URL, ending in `/v1`, e.g. `http://127.0.0.1:8000/v1` for vLLM.
   * Default: `https://api.openai.com/v1`. (`OPENAI_BASE_URL` is not read: the endpoint
   * decides which settings are sent, so it is always explicit.)
   */
  readonly baseURL?: string;
  /** Which server speaks at `baseURL`. Default: `openai` without `baseURL`, `vllm` with one. */
  readonly server?: OpenAICompatibleServer;
  /** The `provider` name models report, e.g. `vllm`. Default: the `server` value. */
  readonly name?: string;
  /** Headers sent with every request (never put secrets here that may be logged). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Time limit of one request attempt, body included, in milliseconds. Default: 600000 (10 min). */
  readonly timeoutMs?: number;
  /** Retry policy for 408/409/429/5xx, network errors and timeouts. Default: 2 retries, 0.5 s doubling to 8 s, with jitter. */
  readonly retry?: RetrySettings;
  /** Called before each retry wait, e.g. to log rate limiting. */
  readonly onRetry?: (event: OpenAIRetryEvent) => void;
  /** Prices merged over {@link openaiPrices}, keyed by model id. */
  readonly prices?: PriceTable;
  /** The `fetch` the SDK uses. Default: `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/** Creates models that share one endpoint, key and retry policy; see {@link createOpenAI}. */
export interface OpenAIProvider {
  /** A model by id (`gpt-5-mini`, `Qwen/Qwen3-4B-Instruct-2507`) with optional default sampling settings. */
  model(modelId: string, settings?: OpenAIModelSettings): OpenAIChatModel;
  /** The `provider` name its models report. */
  readonly name: string;
  /** Which server it talks to. */
  readonly server: OpenAICompatibleServer;
}

const retrySettingsSchema = z.strictObject({
  maxRetries: z.int().nonnegative().optional(),
  initialDelayMs: z.number().nonnegative().optional(),
  maxDelayMs: z.number().nonnegative().optional(),
  backoffFactor: z.number().min(1).optional(),
  maxRetryAfterMs: z.number().nonnegative().optional(),
});

const providerSettingsSchema = z.object({
  apiKey: z.string().optional(),
  apiKeyEnvironmentVariable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, never the key itself')
    .optional(),
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  server: z.enum(['openai', 'vllm', 'sglang', 'llama.cpp']).optional(),
  name: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().positive().optional(),
  retry: retrySettingsSchema.optional(),
});

/**
 * Creates a provider for the OpenAI API or an OpenAI-compatible server (vLLM, SGLang,
 * llama.cpp) where a trained student is served. Synchronous and without I/O: the SDK
 * client is built and the key read on the first call. Raises `InvalidArgumentError` for
 * malformed settings, naming each field.
 *
 * @example
 * ```ts
 * const vllm = createOpenAI({ baseURL: 'http://127.0.0.1:8000/v1' });
 * const student = vllm.model('Qwen/Qwen3-4B-Instruct-2507', { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });
 * const { text, usage } = await student.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const parsed = providerSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidArgumentError({
      argument: 'settings',
      message: `Invalid createOpenAI settings:\n${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  const baseURL = (settings.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const server: OpenAICompatibleServer = settings.server ?? (settings.baseURL === undefined ? 'openai' : 'vllm');
  const name = settings.name ?? server;
  const environmentVariableName = settings.apiKeyEnvironmentVariable ?? 'OPENAI_API_KEY';
  const prices: PriceTable = { ...openaiPrices, ...settings.prices };
  const retry = resolveRetrySettings(settings.retry);
  const timeoutMs = settings.timeoutMs ?? 600_000;

  let cached: ReturnType<OpenAIChatModelGetClient> | undefined;
  const getClient: OpenAIChatModelGetClient = () => {
    if (cached !== undefined) return cached;
    const apiKey = loadApiKey({
      apiKey: settings.apiKey,
      environmentVariableName,
      description: settings.baseURL === undefined ? 'OpenAI' : `The ${name} server's`,
      ...(settings.baseURL === undefined ? {} : { fallback: PLACEHOLDER_API_KEY }),
    });
    const capture = createErrorBodyCapture(settings.fetch);
    const client = new OpenAI({
      apiKey,
      baseURL,
      // Retries and the time limit are ours (jitter, Retry-After, a limit that covers the body).
      maxRetries: 0,
      timeout: timeoutMs + 60_000,
      fetch: capture.fetch,
    });
    cached = { client, apiKey, bodyOf: capture.bodyOf };
    return cached;
  };

  const model = (modelId: string, modelSettings: OpenAIModelSettings = {}) => {
    if (modelId.trim() === '') {
      throw new InvalidArgumentError({ argument: 'modelId', message: 'modelId: must not be empty.' });
    }
    const { price, ...defaults } = modelSettings;
    return new OpenAIChatModel(modelId, defaults, {
      provider: name,
      server,
      baseURL,
      timeoutMs,
      retry,
      price: price ?? findModelPrice(prices, modelId),
      headers: settings.headers ?? {},
      onRetry: settings.onRetry,
      getClient,
    });
  };
  return { model, name, server };
}

type OpenAIChatModelGetClient = () => {
  client: OpenAI;
  apiKey: string;
  bodyOf: (headers: unknown) => string | undefined;
};

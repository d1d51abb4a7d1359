import Anthropic from '@anthropic-ai/sdk';
import {
  findModelPrice,
  InvalidArgumentError,
  loadApiKey,
  type PriceTable,
  resolveRetrySettings,
  type RetrySettings,
} from '@swespot/core';
import { z } from 'zod';
import { anthropicPrices } from './anthropic-prices';
import {
  AnthropicMessagesModel,
  type AnthropicModelSettings,
  type AnthropicRetryEvent,
} from './anthropic-messages-model';
import { createErrorBodyCapture } from './create-error-body-capture';

/** Settings of {@link createAnthropic}. */
export interface AnthropicProviderSettings {
  /**
   * The API key. Default: the `apiKeyEnvironmentVariable` variable (`ANTHROPIC_API_KEY`),
   * read on the first call; a missing key raises `LoadSettingError` then.
   */
  readonly apiKey?: string;
  /** The environment variable that holds the key. Default: `ANTHROPIC_API_KEY`. */
  readonly apiKeyEnvironmentVariable?: string;
  /**
   * The API's base URL, without `/v1`. Default: `https://api.anthropic.com`
   * (`ANTHROPIC_BASE_URL` is not read, so the endpoint is always explicit).
   */
  readonly baseURL?: string;
  /** The `provider` name models report. Default: `anthropic`. */
  readonly name?: string;
  /** Headers sent with every request, e.g. `anthropic-beta` (never put secrets here that may be logged). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `max_tokens` for calls that set no `maxOutputTokens` (the API requires one). Default: 8192. */
  readonly defaultMaxOutputTokens?: number;
  /**
   * Sends the top-level `cache_control` breakpoint, so that an agent's growing conversation
   * is read from Anthropic's prompt cache (0.1× the input price; writes cost 1.25×) instead
   * of being billed in full at every step. Default: false.
   */
  readonly promptCaching?: boolean;
  /** Time limit of one request attempt, body included, in milliseconds. Default: 600000 (10 min). */
  readonly timeoutMs?: number;
  /** Retry policy for 408/409/429/5xx (529 overloaded included), network errors and timeouts. Default: 2 retries, 0.5 s doubling to 8 s, with jitter. */
  readonly retry?: RetrySettings;
  /** Called before each retry wait, e.g. to log rate limiting. */
  readonly onRetry?: (event: AnthropicRetryEvent) => void;
  /** Prices merged over {@link anthropicPrices}, keyed by model id. */
  readonly prices?: PriceTable;
  /** The `fetch` the SDK uses. Default: `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/** Creates models that share one endpoint, key and retry policy; see {@link createAnthropic}. */
export interface AnthropicProvider {
  /** A model by id (`claude-sonnet-4-5`, `claude-haiku-4-5-20251001`) with optional default call settings. */
  model(modelId: string, settings?: AnthropicModelSettings): AnthropicMessagesModel;
  /** The `provider` name its models report. */
  readonly name: string;
}

const providerSettingsSchema = z.object({
  apiKey: z.string().optional(),
  apiKeyEnvironmentVariable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, never the key itself')
    .optional(),
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  name: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  defaultMaxOutputTokens: z.int().positive().optional(),
  promptCaching: z.boolean().optional(),
  timeoutMs: z.number().positive().optional(),
  retry: z
    .strictObject({
      maxRetries: z.int().nonnegative().optional(),
      initialDelayMs: z.number().nonnegative().optional(),
      maxDelayMs: z.number().nonnegative().optional(),
      backoffFactor: z.number().min(1).optional(),
      maxRetryAfterMs: z.number().nonnegative().optional(),
    })
    .optional(),
});

/**
 * Creates a provider for the Anthropic Messages API. Synchronous and without I/O: the SDK
 * client is built and the key read on the first call. Raises `InvalidArgumentError` for
 * malformed settings, naming each field.
 *
 * @example
 * ```ts
 * const anthropic = createAnthropic({ promptCaching: true });
 * const teacher = anthropic.model('claude-sonnet-4-5');
 * const { text, costUsd } = await teacher.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function createAnthropic(settings: AnthropicProviderSettings = {}): AnthropicProvider {
  const parsed = providerSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidArgumentError({
      argument: 'settings',
      message: `Invalid createAnthropic settings:\n${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  const baseURL = (settings.baseURL ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const name = settings.name ?? 'anthropic';
  const environmentVariableName = settings.apiKeyEnvironmentVariable ?? 'ANTHROPIC_API_KEY';
  const prices: PriceTable = { ...anthropicPrices, ...settings.prices };
  const retry = resolveRetrySettings(settings.retry);
  const timeoutMs = settings.timeoutMs ?? 600_000;

  let cached: { client: Anthropic; apiKey: string; bodyOf: (headers: unknown) => string | undefined } | undefined;
  const getClient = () => {
    if (cached !== undefined) return cached;
    const apiKey = loadApiKey({ apiKey: settings.apiKey, environmentVariableName, description: 'Anthropic' });
    const capture = createErrorBodyCapture(settings.fetch);
    const client = new Anthropic({
      apiKey,
      // Explicit `null`s keep the SDK from reading ANTHROPIC_AUTH_TOKEN or a profile.
      authToken: null,
      baseURL,
      // Retries and the time limit are ours (jitter, Retry-After, a limit that covers the
      // body). An explicit timeout also stops the SDK from refusing large max_tokens.
      maxRetries: 0,
      timeout: timeoutMs + 60_000,
      fetch: capture.fetch,
    });
    cached = { client, apiKey, bodyOf: capture.bodyOf };
    return cached;
  };

  return {
    name,
    model(modelId, modelSettings = {}) {
      if (modelId.trim() === '') {
        throw new InvalidArgumentError({ argument: 'modelId', message: 'modelId: must not be empty.' });
      }
      const { price, ...defaults } = modelSettings;
      return new AnthropicMessagesModel(modelId, defaults, {
        provider: name,
        baseURL,
        timeoutMs,
        retry,
        price: price ?? findModelPrice(prices, modelId),
        headers: settings.headers ?? {},
        defaultMaxOutputTokens: settings.defaultMaxOutputTokens ?? 8192,
        promptCaching: settings.promptCaching ?? false,
        onRetry: settings.onRetry,
        getClient,
      });
    },
  };
}

import { GoogleGenAI } from '@google/genai';
import {
  findModelPrice,
  InvalidArgumentError,
  loadApiKey,
  type PriceTable,
  resolveRetrySettings,
  type RetrySettings,
} from '@swespot/core';
import { z } from 'zod';
import {
  GoogleGenerativeModel,
  type GoogleModelSettings,
  type GoogleRetryEvent,
} from './google-generative-model';
import { googlePrices } from './google-prices';

/** Settings of {@link createGoogle}. */
export interface GoogleProviderSettings {
  /**
   * The Gemini API key. Default: the `apiKeyEnvironmentVariable` variable when set, else
   * `GEMINI_API_KEY`, then `GOOGLE_API_KEY`, read on the first call; a missing key raises
   * `LoadSettingError` then.
   */
  readonly apiKey?: string;
  /** The environment variable that holds the key. Default: `GEMINI_API_KEY`, then `GOOGLE_API_KEY`. */
  readonly apiKeyEnvironmentVariable?: string;
  /** The API's base URL, without the version. Default: `https://generativelanguage.googleapis.com`. */
  readonly baseURL?: string;
  /** The API version in the path. Default: `v1beta` (the SDK's). */
  readonly apiVersion?: string;
  /** The `provider` name models report. Default: `google`. */
  readonly name?: string;
  /** Headers sent with every request (never put secrets here that may be logged). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Time limit of one request attempt, body included, in milliseconds. Default: 600000 (10 min). */
  readonly timeoutMs?: number;
  /** Retry policy for 408/409/429/5xx, network errors and timeouts. Default: 2 retries, 0.5 s doubling to 8 s, with jitter. */
  readonly retry?: RetrySettings;
  /** Called before each retry wait, e.g. to log rate limiting. */
  readonly onRetry?: (event: GoogleRetryEvent) => void;
  /** Prices merged over {@link googlePrices}, keyed by model id. */
  readonly prices?: PriceTable;
  /** The `fetch` the SDK uses. Default: `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/** Creates models that share one endpoint, key and retry policy; see {@link createGoogle}. */
export interface GoogleProvider {
  /** A model by id (`gemini-2.5-flash`, `gemini-3-pro-preview`) with optional default call settings. */
  model(modelId: string, settings?: GoogleModelSettings): GoogleGenerativeModel;
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
  apiVersion: z.string().regex(/^v\d+(alpha|beta)?\d*$/, 'must look like v1 or v1beta').optional(),
  name: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
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
 * Creates a provider for the Gemini API (Google AI Studio keys; not Vertex AI). Synchronous
 * and without I/O: the SDK client is built and the key read on the first call. Raises
 * `InvalidArgumentError` for malformed settings, naming each field.
 *
 * @example
 * ```ts
 * const google = createGoogle();
 * const judge = google.model('gemini-2.5-flash');
 * const { text, costUsd } = await judge.generate({ messages: [{ role: 'user', content: 'Hi' }], reasoningEffort: 'none' });
 * ```
 */
export function createGoogle(settings: GoogleProviderSettings = {}): GoogleProvider {
  const parsed = providerSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidArgumentError({
      argument: 'settings',
      message: `Invalid createGoogle settings:\n${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  const baseURL = (settings.baseURL ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, '');
  const apiVersion = settings.apiVersion ?? 'v1beta';
  const name = settings.name ?? 'google';
  const environmentVariableName = settings.apiKeyEnvironmentVariable ?? ['GEMINI_API_KEY', 'GOOGLE_API_KEY'];
  const prices: PriceTable = { ...googlePrices, ...settings.prices };
  const retry = resolveRetrySettings(settings.retry);
  const timeoutMs = settings.timeoutMs ?? 600_000;

  let cached: { client: GoogleGenAI; apiKey: string } | undefined;
  const getClient = () => {
    if (cached !== undefined) return cached;
    const apiKey = loadApiKey({ apiKey: settings.apiKey, environmentVariableName, description: 'Gemini' });
    const client = new GoogleGenAI({
      apiKey,
      vertexai: false,
      apiVersion,
      // No `retryOptions`: the SDK then makes one attempt, and swespot's policy retries.
      // Its timeout is set past ours, which covers the whole attempt.
      httpOptions: { baseUrl: baseURL, timeout: timeoutMs + 60_000 },
    });
    cached = { client, apiKey };
    return cached;
  };

  return {
    name,
    model(modelId, modelSettings = {}) {
      if (modelId.trim() === '') {
        throw new InvalidArgumentError({ argument: 'modelId', message: 'modelId: must not be empty.' });
      }
      const { price, ...defaults } = modelSettings;
      return new GoogleGenerativeModel(modelId, defaults, {
        provider: name,
        baseURL,
        apiVersion,
        timeoutMs,
        retry,
        price: price ?? findModelPrice(prices, modelId.replace(/^models\//, '')),
        headers: settings.headers ?? {},
        fetch: settings.fetch,
        onRetry: settings.onRetry,
        getClient,
      });
    },
  };
}

import type { GoogleGenAI } from '@google/genai';
import {
  ApiCallError,
  calculateCostUsd,
  callWithRetries,
  mergeModelSettings,
  type ModelPrice,
  type ModelRetryEvent,
  type ModelV1,
  type ModelV1CallOptions,
  type ModelV1Result,
  type ModelV1Settings,
  type ModelV1Warning,
  parseProviderOptions,
  redactSecret,
  type RetrySettings,
} from '@swespot/core';
import { z } from 'zod';
import { createAttemptFetch } from './create-attempt-fetch';
import { mapGoogleFinishReason } from './map-google-finish-reason';
import { googleProviderOptionsSchema, prepareGoogleRequest, type GoogleProviderOptions } from './prepare-google-request';
import { toGoogleApiCallError } from './to-google-api-call-error';

/** Per-model settings: default sampling for every call (a call's own values win) and a price. */
export interface GoogleModelSettings extends ModelV1Settings {
  /** The price of this model; overrides the provider's table. Default: looked up in `prices`. */
  readonly price?: ModelPrice;
}

/** A retry about to happen, with the model it belongs to (core's `ModelRetryEvent`). */
export type GoogleRetryEvent = ModelRetryEvent;

/** What a model needs from its provider; built by `createGoogle`. */
export interface GoogleGenerativeModelConfig {
  readonly provider: string;
  readonly baseURL: string;
  readonly apiVersion: string;
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly price: ModelPrice | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly onRetry: ((event: GoogleRetryEvent) => void) | undefined;
  /** The SDK client, created (and the key read) on first use. */
  readonly getClient: () => { client: GoogleGenAI; apiKey: string };
}

/** The parts of a `generateContent` response this package reads; tolerant of extra fields and nulls. */
const responseSchema = z.object({
  responseId: z.string().nullish(),
  modelVersion: z.string().nullish(),
  createTime: z.string().nullish(),
  candidates: z
    .array(
      z.object({
        content: z
          .object({ parts: z.array(z.object({ text: z.string().nullish(), thought: z.boolean().nullish() })).nullish() })
          .nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.object({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: z
    .object({
      promptTokenCount: z.number().nullish(),
      candidatesTokenCount: z.number().nullish(),
      cachedContentTokenCount: z.number().nullish(),
      thoughtsTokenCount: z.number().nullish(),
    })
    .nullish(),
});

/**
 * A `ModelV1` over the Gemini API's `generateContent`. Create it with
 * `createGoogle(settings).model(modelId)`; it does no I/O until `generate`.
 */
export class GoogleGenerativeModel implements ModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly config: GoogleGenerativeModelConfig;
  private readonly defaults: ModelV1Settings;

  constructor(modelId: string, defaults: ModelV1Settings, config: GoogleGenerativeModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.defaults = defaults;
    this.config = config;
  }

  /**
   * Sends one `generateContent` request (retrying what is retryable) and returns the text,
   * thoughts, usage, cost and warnings. Rejects with `ApiCallError` when the call fails,
   * with the abort signal's reason when aborted, and with `LoadSettingError` when no key is set.
   */
  async generate(options: ModelV1CallOptions): Promise<ModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const settings = mergeModelSettings(this.defaults, options);
    const { contents, config, warnings } = prepareGoogleRequest({
      modelId: this.modelId,
      messages: options.messages,
      settings,
      providerOptions: this.readProviderOptions(options.providerOptions),
    });
    if (options.logprobs === true || options.topLogprobs !== undefined) {
      warnings.push({ type: 'unsupported-setting', setting: 'logprobs', details: 'This package does not ask Gemini for log-probabilities yet; the result has none.' });
    }
    const { client, apiKey } = this.config.getClient();
    const modelPath = this.modelId.startsWith('models/') ? this.modelId : `models/${this.modelId}`;
    const url = `${this.config.baseURL}/${this.config.apiVersion}/${modelPath}:generateContent`;
    const headers = { ...this.config.headers, ...options.headers };

    const raw = await callWithRetries(
      async (signal) => {
        const attempt = createAttemptFetch(this.config.fetch);
        try {
          return (await client.models.generateContent({
            model: this.modelId,
            contents,
            config: { ...config, abortSignal: signal, httpOptions: { headers, fetch: attempt.fetch } },
          })) as unknown;
        } catch (error) {
          throw toGoogleApiCallError(error, { url, provider: this.provider, apiKey, failure: attempt.failure });
        }
      },
      {
        provider: this.provider,
        modelId: this.modelId,
        url,
        timeoutMs: this.config.timeoutMs,
        retry: this.config.retry,
        onRetry: this.config.onRetry,
        abortSignal: options.abortSignal,
      },
    );
    return this.toResult(raw, warnings, url, apiKey);
  }

  private readProviderOptions(
    providerOptions: ModelV1CallOptions['providerOptions'],
  ): GoogleProviderOptions | undefined {
    return parseProviderOptions(googleProviderOptionsSchema, providerOptions, { provider: this.provider, fallback: 'google' });
  }

  private toResult(raw: unknown, warnings: ModelV1Warning[], url: string, apiKey: string): ModelV1Result {
    // The SDK returns a class instance with getters; its own JSON fields are what the wire carried.
    const parsed = responseSchema.safeParse(JSON.parse(JSON.stringify(raw ?? null)) as unknown);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new ApiCallError({
        message: `${this.provider} returned a response this package cannot read (${issues.join('; ')}).`,
        url,
        statusCode: 200,
        responseBody: redactSecret(JSON.stringify(raw), apiKey),
        isRetryable: false,
      });
    }
    const response = parsed.data;
    const candidate = response.candidates?.[0];
    const parts = candidate?.content?.parts ?? [];
    const text = parts
      .filter((part) => part.thought !== true)
      .map((part) => part.text ?? '')
      .join('');
    const thoughts = parts
      .filter((part) => part.thought === true)
      .map((part) => part.text ?? '')
      .join('');
    const usage = response.usageMetadata;
    const visibleOutput = usage?.candidatesTokenCount ?? undefined;
    const reasoningTokens = usage?.thoughtsTokenCount ?? undefined;
    const outputTokens =
      visibleOutput === undefined && reasoningTokens === undefined ? undefined : (visibleOutput ?? 0) + (reasoningTokens ?? 0);
    const modelUsage = {
      inputTokens: usage?.promptTokenCount ?? undefined,
      outputTokens,
      cachedInputTokens: usage?.cachedContentTokenCount ?? undefined,
      ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
    };
    const costUsd = calculateCostUsd(modelUsage, this.config.price);
    const blocked = candidate === undefined && response.promptFeedback?.blockReason != null;
    const rawFinishReason = candidate?.finishReason ?? response.promptFeedback?.blockReason ?? undefined;
    return {
      text,
      ...(thoughts === '' ? {} : { reasoning: thoughts }),
      finishReason: blocked ? 'content-filter' : mapGoogleFinishReason(candidate?.finishReason),
      ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
      usage: modelUsage,
      ...(costUsd === undefined ? {} : { costUsd }),
      warnings,
      response: {
        ...(response.responseId == null ? {} : { id: response.responseId }),
        ...(response.modelVersion == null ? {} : { modelId: response.modelVersion }),
        ...(response.createTime == null ? {} : { timestamp: response.createTime }),
      },
    };
  }
}

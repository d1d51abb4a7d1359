import type Anthropic from '@anthropic-ai/sdk';
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
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import {
  anthropicProviderOptionsSchema,
  prepareAnthropicRequest,
  type AnthropicProviderOptions,
} from './prepare-anthropic-request';
import { toAnthropicApiCallError } from './to-anthropic-api-call-error';

/** Per-model settings: default sampling for every call (a call's own values win) and a price. */
export interface AnthropicModelSettings extends ModelV1Settings {
  /** The price of this model; overrides the provider's table. Default: looked up in `prices`. */
  readonly price?: ModelPrice;
}

/** A retry about to happen, with the model it belongs to (core's `ModelRetryEvent`). */
export type AnthropicRetryEvent = ModelRetryEvent;

/** What a model needs from its provider; built by `createAnthropic`. */
export interface AnthropicMessagesModelConfig {
  readonly provider: string;
  readonly baseURL: string;
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly price: ModelPrice | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly defaultMaxOutputTokens: number;
  readonly promptCaching: boolean;
  readonly onRetry: ((event: AnthropicRetryEvent) => void) | undefined;
  /** The SDK client, created (and the key read) on first use. */
  readonly getClient: () => { client: Anthropic; apiKey: string; bodyOf: (headers: unknown) => string | undefined };
}

/** The parts of a Messages response this package reads; tolerant of extra fields and nulls. */
const messageSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(
    z.looseObject({ type: z.string(), text: z.string().nullish(), thinking: z.string().nullish() }),
  ),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: z
    .object({
      input_tokens: z.number().nullish(),
      output_tokens: z.number().nullish(),
      cache_creation_input_tokens: z.number().nullish(),
      cache_read_input_tokens: z.number().nullish(),
      output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});

/**
 * A `ModelV1` over the Anthropic Messages API. Create it with
 * `createAnthropic(settings).model(modelId)`; it does no I/O until `generate`.
 */
export class AnthropicMessagesModel implements ModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly config: AnthropicMessagesModelConfig;
  private readonly defaults: ModelV1Settings;

  constructor(modelId: string, defaults: ModelV1Settings, config: AnthropicMessagesModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.defaults = defaults;
    this.config = config;
  }

  /**
   * Sends one Messages request (retrying what is retryable) and returns the text, thinking,
   * usage, cost and warnings. Rejects with `ApiCallError` when the call fails, with the
   * abort signal's reason when aborted, and with `LoadSettingError` when no key is set.
   */
  async generate(options: ModelV1CallOptions): Promise<ModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const settings = mergeModelSettings(this.defaults, options);
    const { body, warnings } = prepareAnthropicRequest({
      modelId: this.modelId,
      messages: options.messages,
      settings,
      defaultMaxOutputTokens: this.config.defaultMaxOutputTokens,
      promptCaching: this.config.promptCaching,
      providerOptions: this.readProviderOptions(options.providerOptions),
    });
    if (options.logprobs === true || options.topLogprobs !== undefined) {
      warnings.push({ type: 'unsupported-setting', setting: 'logprobs', details: 'The Anthropic Messages API returns no log-probabilities; the result has none.' });
    }
    const { client, apiKey, bodyOf } = this.config.getClient();
    const url = `${this.config.baseURL}/v1/messages`;
    const context = { url, provider: this.provider, apiKey, bodyOf };
    const headers = { ...this.config.headers, ...options.headers };

    const raw = await callWithRetries(
      async (signal) => {
        try {
          return (await client.messages.create(body as never, { signal, headers, maxRetries: 0 })) as unknown;
        } catch (error) {
          throw toAnthropicApiCallError(error, context);
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
  ): AnthropicProviderOptions | undefined {
    return parseProviderOptions(anthropicProviderOptionsSchema, providerOptions, { provider: this.provider, fallback: 'anthropic' });
  }

  private toResult(raw: unknown, warnings: ModelV1Warning[], url: string, apiKey: string): ModelV1Result {
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new ApiCallError({
        message: `${this.provider} returned a message this package cannot read (${issues.join('; ')}).`,
        url,
        statusCode: 200,
        responseBody: redactSecret(JSON.stringify(raw), apiKey),
        isRetryable: false,
      });
    }
    const message = parsed.data;
    const text = message.content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    const thinking = message.content
      .filter((block) => block.type === 'thinking')
      .map((block) => block.thinking ?? '')
      .join('\n');
    const usage = message.usage;
    const cacheRead = usage?.cache_read_input_tokens ?? 0;
    const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
    const inputTokens = usage?.input_tokens == null ? undefined : usage.input_tokens + cacheRead + cacheWrite;
    const outputTokens = usage?.output_tokens ?? undefined;
    const reasoningTokens = usage?.output_tokens_details?.thinking_tokens ?? undefined;
    const costUsd = calculateCostUsd(
      { inputTokens, outputTokens, cachedInputTokens: cacheRead, cacheWriteInputTokens: cacheWrite },
      this.config.price,
    );
    return {
      text,
      ...(thinking === '' ? {} : { reasoning: thinking }),
      finishReason: mapAnthropicStopReason(message.stop_reason),
      ...(message.stop_reason == null ? {} : { rawFinishReason: message.stop_reason }),
      usage: {
        inputTokens,
        outputTokens,
        cachedInputTokens: usage?.cache_read_input_tokens ?? undefined,
        ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
      },
      ...(costUsd === undefined ? {} : { costUsd }),
      warnings,
      response: {
        ...(message.id == null ? {} : { id: message.id }),
        ...(message.model == null ? {} : { modelId: message.model }),
      },
    };
  }
}

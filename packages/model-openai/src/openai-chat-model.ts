import type OpenAI from 'openai';
import {
  ApiCallError,
  calculateCostUsd,
  callWithRetries,
  mergeModelSettings,
  type ModelPrice,
  type ModelRetryEvent,
  type ModelV1,
  type ModelV1CallOptions,
  type ModelV1GeneratedTokenLogprob,
  type ModelV1Result,
  type ModelV1Settings,
  type ModelV1Warning,
  parseProviderOptions,
  redactSecret,
  type RetrySettings,
} from '@swespot/core';
import { z } from 'zod';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import {
  openaiProviderOptionsSchema,
  prepareOpenAIRequest,
  type OpenAICompatibleServer,
  type OpenAIProviderOptions,
} from './prepare-openai-request';
import { toOpenAIApiCallError } from './to-openai-api-call-error';

/** Per-model settings: default sampling for every call (a call's own values win) and a price. */
export interface OpenAIModelSettings extends ModelV1Settings {
  /** The price of this model; overrides the provider's table. Default: looked up in `prices`. */
  readonly price?: ModelPrice;
}

/** A retry about to happen, with the model it belongs to (core's `ModelRetryEvent`). */
export type OpenAIRetryEvent = ModelRetryEvent;

/** What a model needs from its provider; built by `createOpenAI`. */
export interface OpenAIChatModelConfig {
  readonly provider: string;
  readonly server: OpenAICompatibleServer;
  readonly baseURL: string;
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly price: ModelPrice | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly onRetry: ((event: OpenAIRetryEvent) => void) | undefined;
  /** The SDK client, created (and the key read) on first use. */
  readonly getClient: () => { client: OpenAI; apiKey: string; bodyOf: (headers: unknown) => string | undefined };
}

/** The parts of a Chat Completions response this package reads; tolerant of extra fields and nulls. */
const chatCompletionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
        }),
        logprobs: z
          .object({
            content: z
              .array(
                z.object({
                  token: z.string(),
                  logprob: z.number(),
                  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        stop_reason: z.union([z.string(), z.number()]).nullish(),
        matched_stop: z.union([z.string(), z.number()]).nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
      completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});

type RawTokenLogprobs = NonNullable<
  NonNullable<z.infer<typeof chatCompletionSchema>['choices'][number]['logprobs']>['content']
>;

/**
 * The response's `choices[0].logprobs.content` as core's per-token log-probabilities;
 * `undefined` when the server sent none (not asked, or a server without support).
 * Servers send `-9999` or `-Infinity`-like values for impossible tokens; they pass through.
 */
function toTokenLogprobs(content: RawTokenLogprobs | null | undefined): ModelV1GeneratedTokenLogprob[] | undefined {
  if (content == null) return undefined;
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    topLogprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob })),
  }));
}

/**
 * A `ModelV1` over the Chat Completions endpoint of OpenAI or an OpenAI-compatible server.
 * Create it with `createOpenAI(settings).model(modelId)`; it does no I/O until `generate`.
 */
export class OpenAIChatModel implements ModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAIChatModelConfig;
  private readonly defaults: ModelV1Settings;

  constructor(modelId: string, defaults: ModelV1Settings, config: OpenAIChatModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.defaults = defaults;
    this.config = config;
  }

  /**
   * Sends one Chat Completions request (retrying what is retryable) and returns the text,
   * usage, cost and warnings. Rejects with `ApiCallError` when the call fails, with the
   * abort signal's reason when aborted, and with `LoadSettingError` when no key is set.
   */
  async generate(options: ModelV1CallOptions): Promise<ModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const settings = mergeModelSettings(this.defaults, options);
    const { body, warnings } = prepareOpenAIRequest({
      modelId: this.modelId,
      server: this.config.server,
      messages: options.messages,
      settings,
      providerOptions: this.readProviderOptions(options.providerOptions),
      ...(options.logprobs === undefined ? {} : { logprobs: options.logprobs }),
      ...(options.topLogprobs === undefined ? {} : { topLogprobs: options.topLogprobs }),
    });
    const { client, apiKey, bodyOf } = this.config.getClient();
    const url = `${this.config.baseURL}/chat/completions`;
    const context = { url, provider: this.provider, apiKey, bodyOf };
    const headers = { ...this.config.headers, ...options.headers };

    const raw = await callWithRetries(
      async (signal) => {
        try {
          return (await client.chat.completions.create(body as never, { signal, headers, maxRetries: 0 })) as unknown;
        } catch (error) {
          throw toOpenAIApiCallError(error, context);
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
  ): OpenAIProviderOptions | undefined {
    return parseProviderOptions(openaiProviderOptionsSchema, providerOptions, { provider: this.provider, fallback: 'openai' });
  }

  private toResult(raw: unknown, warnings: ModelV1Warning[], url: string, apiKey: string): ModelV1Result {
    const parsed = chatCompletionSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new ApiCallError({
        message: `${this.provider} returned a chat completion this package cannot read (${issues.join('; ')}).`,
        url,
        statusCode: 200,
        responseBody: redactSecret(JSON.stringify(raw), apiKey),
        isRetryable: false,
      });
    }
    const completion = parsed.data;
    const choice = completion.choices[0] as (typeof completion.choices)[number];
    const usage = {
      inputTokens: completion.usage?.prompt_tokens ?? undefined,
      outputTokens: completion.usage?.completion_tokens ?? undefined,
      cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? undefined,
      reasoningTokens: completion.usage?.completion_tokens_details?.reasoning_tokens ?? undefined,
    };
    const reasoning = choice.message.reasoning_content ?? choice.message.reasoning ?? undefined;
    const refused = choice.message.content == null && choice.message.refusal != null;
    const costUsd = calculateCostUsd(usage, this.config.price);
    const logprobs = toTokenLogprobs(choice.logprobs?.content);
    return {
      text: choice.message.content ?? choice.message.refusal ?? '',
      ...(reasoning === undefined ? {} : { reasoning }),
      finishReason: refused
        ? 'content-filter'
        : mapOpenAIFinishReason(choice.finish_reason, choice.stop_reason ?? choice.matched_stop),
      ...(choice.finish_reason == null ? {} : { rawFinishReason: choice.finish_reason }),
      usage,
      ...(costUsd === undefined ? {} : { costUsd }),
      warnings,
      ...(logprobs === undefined ? {} : { logprobs }),
      response: {
        ...(completion.id == null ? {} : { id: completion.id }),
        ...(completion.model == null ? {} : { modelId: completion.model }),
        ...(completion.created == null ? {} : { timestamp: new Date(completion.created * 1000).toISOString() }),
      },
    };
  }
}

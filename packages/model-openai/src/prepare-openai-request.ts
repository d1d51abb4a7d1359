import {
  InvalidArgumentError,
  type ModelV1Message,
  type ModelV1Settings,
  type ModelV1Warning,
} from '@swespot/core';
import { z } from 'zod';
import { convertToOpenAIMessages } from './convert-to-openai-messages';

/**
 * Which server speaks at the base URL; it decides how settings the OpenAI API lacks are sent.
 * - `openai`: the OpenAI API. `topK` and `repetitionPenalty` are warned about and left out;
 *   `maxOutputTokens` is sent as `max_completion_tokens`.
 * - `vllm`, `sglang`: `top_k` and `repetition_penalty` go in the body as extra fields;
 *   `maxOutputTokens` is sent as `max_tokens`; `reasoningEffort: 'none'` becomes
 *   `chat_template_kwargs: { enable_thinking: false }` (Qwen3-style chat templates).
 * - `llama.cpp`: like vLLM, but the penalty is llama-server's `repeat_penalty`.
 */
export type OpenAICompatibleServer = 'openai' | 'vllm' | 'sglang' | 'llama.cpp';

/** Options only this package understands, under `providerOptions.openai` (or the provider's name). */
export const openaiProviderOptionsSchema = z.strictObject({
  /** Fields merged into the request body last, e.g. `{ min_p: 0.05 }` for vLLM. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

/** Options only this package understands; see {@link openaiProviderOptionsSchema}. */
export type OpenAIProviderOptions = z.infer<typeof openaiProviderOptionsSchema>;

/** Input of {@link prepareOpenAIRequest}. */
export interface PrepareOpenAIRequestOptions {
  readonly modelId: string;
  readonly server: OpenAICompatibleServer;
  readonly messages: readonly ModelV1Message[];
  readonly settings: ModelV1Settings;
  readonly providerOptions: OpenAIProviderOptions | undefined;
  /** Ask for per-token log-probabilities (`logprobs: true`). */
  readonly logprobs?: boolean;
  /** Alternatives per position (`top_logprobs`); implies `logprobs`. */
  readonly topLogprobs?: number;
}

/** A Chat Completions request body and the warnings about settings it could not carry. */
export interface PreparedOpenAIRequest {
  readonly body: Record<string, unknown>;
  readonly warnings: ModelV1Warning[];
}

/**
 * OpenAI model ids that reason (o-series, gpt-5 family except the `-chat` variants): the
 * API rejects `temperature`, `top_p` and the penalties for them and takes `reasoning_effort`.
 */
export function isOpenAIReasoningModel(modelId: string): boolean {
  return /^(o\d|gpt-5)/.test(modelId) && !/-chat/.test(modelId);
}

/**
 * Builds the Chat Completions body for one call: messages, sampling settings as the
 * server takes them, and a warning for every setting it cannot take (never dropped silently).
 */
export function prepareOpenAIRequest(options: PrepareOpenAIRequestOptions): PreparedOpenAIRequest {
  const { modelId, server, settings } = options;
  const warnings: ModelV1Warning[] = [];
  const body: Record<string, unknown> = { model: modelId, messages: convertToOpenAIMessages(options.messages) };
  const unsupported = (setting: keyof ModelV1Settings, details: string) =>
    warnings.push({ type: 'unsupported-setting', setting, details });

  const isOpenAI = server === 'openai';
  const reasoningModel = isOpenAI && isOpenAIReasoningModel(modelId);
  const samplingFields = [
    ['temperature', 'temperature'],
    ['topP', 'top_p'],
    ['presencePenalty', 'presence_penalty'],
    ['frequencyPenalty', 'frequency_penalty'],
  ] as const;
  for (const [setting, field] of samplingFields) {
    const value = settings[setting];
    if (value === undefined) continue;
    if (reasoningModel) unsupported(setting, `OpenAI reasoning model '${modelId}' does not accept ${field}; left out.`);
    else body[field] = value;
  }

  if (settings.topK !== undefined) {
    if (isOpenAI) unsupported('topK', 'The OpenAI API has no top_k; left out. It is sent to vLLM, SGLang and llama.cpp.');
    else body['top_k'] = settings.topK;
  }
  if (settings.repetitionPenalty !== undefined) {
    if (isOpenAI) {
      unsupported('repetitionPenalty', 'The OpenAI API has no repetition_penalty; left out. Use presencePenalty or frequencyPenalty.');
    } else {
      body[server === 'llama.cpp' ? 'repeat_penalty' : 'repetition_penalty'] = settings.repetitionPenalty;
    }
  }
  if (settings.maxOutputTokens !== undefined) {
    body[isOpenAI ? 'max_completion_tokens' : 'max_tokens'] = settings.maxOutputTokens;
  }
  if (settings.stop !== undefined && settings.stop.length > 0) {
    if (isOpenAI && settings.stop.length > 4) {
      throw new InvalidArgumentError({
        argument: 'stop',
        message: `stop: the OpenAI API takes at most 4 stop sequences, got ${settings.stop.length}.`,
      });
    }
    body['stop'] = [...settings.stop];
  }
  if (settings.seed !== undefined) body['seed'] = settings.seed;

  const effort = settings.reasoningEffort;
  if (effort !== undefined) {
    if (isOpenAI) {
      if (reasoningModel) body['reasoning_effort'] = effort;
      else unsupported('reasoningEffort', `OpenAI model '${modelId}' does not reason; reasoning_effort left out.`);
    } else if (effort === 'none') {
      body['chat_template_kwargs'] = { enable_thinking: false };
    } else if (server === 'llama.cpp') {
      unsupported('reasoningEffort', `llama.cpp has no reasoning effort; only 'none' (enable_thinking: false) is sent.`);
    } else if (effort === 'minimal') {
      body['reasoning_effort'] = 'low';
      warnings.push({ type: 'other', message: `${server} takes reasoning_effort low, medium or high; 'minimal' was sent as 'low'.` });
    } else {
      body['reasoning_effort'] = effort;
    }
  }

  if (options.logprobs === true || options.topLogprobs !== undefined) {
    if (reasoningModel) {
      warnings.push({ type: 'other', message: `OpenAI reasoning model '${modelId}' does not return log-probabilities; logprobs left out.` });
    } else {
      body['logprobs'] = true;
      if (options.topLogprobs !== undefined) {
        if (!Number.isInteger(options.topLogprobs) || options.topLogprobs < 0 || (isOpenAI && options.topLogprobs > 20)) {
          throw new InvalidArgumentError({
            argument: 'topLogprobs',
            message: `topLogprobs: expected a whole number from 0${isOpenAI ? ' to 20 (the OpenAI API limit)' : ''}, got ${options.topLogprobs}.`,
          });
        }
        body['top_logprobs'] = options.topLogprobs;
      }
    }
  }

  if (options.providerOptions?.extraBody !== undefined) Object.assign(body, options.providerOptions.extraBody);
  return { body, warnings };
}

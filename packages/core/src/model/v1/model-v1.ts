import type { ModelV1CallOptions } from './model-v1-call-options';
import type { ModelV1Result } from './model-v1-result';

/**
 * Version 1 of the model contract: one call, messages in, text out.
 *
 * Implemented by `@swespot/model-anthropic`, `@swespot/model-google` and
 * `@swespot/model-openai` (which also serves vLLM, SGLang and llama.cpp), and by
 * `MockModelV1` in `@swespot/core/test`. Implementations translate their SDK's errors
 * into `ApiCallError`, retry what is retryable, and report unsupported settings as warnings.
 *
 * @example
 * ```ts
 * const result = await model.generate({
 *   messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Hi' }],
 *   temperature: 1.0, topP: 0.8, maxOutputTokens: 1024,
 * });
 * console.log(result.text, result.usage.outputTokens);
 * ```
 */
export interface ModelV1 {
  /** The contract version; a breaking change adds `ModelV2` beside this one. */
  readonly specificationVersion: 'v1';
  /** The provider's name, e.g. `anthropic`, `google`, `openai`, `vllm`. */
  readonly provider: string;
  /** The model id as the provider names it, e.g. `claude-sonnet-4-5`, `Qwen/Qwen3-4B-Instruct-2507`. */
  readonly modelId: string;
  /** Generates one reply. Rejects with `ApiCallError` when the call fails after retries. */
  generate(options: ModelV1CallOptions): PromiseLike<ModelV1Result>;
}

import type { ModelV1Message } from './model-v1-message';
import type { ModelV1Settings } from './model-v1-settings';

/** The input of one {@link ModelV1.generate} call. */
export interface ModelV1CallOptions extends ModelV1Settings {
  /** The conversation; may start with one `system` message. */
  readonly messages: readonly ModelV1Message[];
  /** Extra HTTP headers for this request. Never put credentials here that should not be logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Options only one provider understands, keyed by provider name
   * (`{ openai: { extraBody: {...} } }`). Other providers ignore keys not their own.
   */
  readonly providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Ask for the log-probability of every generated token in {@link ModelV1Result.logprobs}.
   * OpenAI-compatible servers (OpenAI, vLLM, SGLang, llama.cpp) return them; a provider that
   * cannot leaves `logprobs` out of the result, so callers must handle its absence (e.g.
   * `@swespot/eval`'s generative verifier then samples instead). Default: false.
   */
  readonly logprobs?: boolean;
  /**
   * How many of the most likely tokens to return at each generated position, with their
   * log-probabilities (OpenAI takes 0–20). Implies `logprobs`. Default: none.
   */
  readonly topLogprobs?: number;
  /** Cancels the request; the promise rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

/**
 * Why the model stopped generating.
 * - `stop`: it finished its answer.
 * - `stop-sequence`: it produced one of the `stop` strings.
 * - `length`: it hit `maxOutputTokens` or the context window.
 * - `content-filter`: the provider refused or filtered the output.
 * - `error`, `other`, `unknown`: anything else the provider reported.
 */
export type ModelV1FinishReason =
  | 'stop'
  | 'stop-sequence'
  | 'length'
  | 'content-filter'
  | 'error'
  | 'other'
  | 'unknown';

/** Token usage of one call, as the provider reported it (`undefined` when it did not). */
export interface ModelV1Usage {
  /** Prompt tokens, including cached ones. */
  readonly inputTokens: number | undefined;
  /** Generated tokens, including reasoning tokens. */
  readonly outputTokens: number | undefined;
  /** Prompt tokens served from the provider's cache. */
  readonly cachedInputTokens?: number | undefined;
  /** Tokens spent on hidden reasoning, when reported separately. */
  readonly reasoningTokens?: number | undefined;
}

/** A request the provider could not honour exactly; the call went ahead without it. */
export type ModelV1Warning =
  | {
      readonly type: 'unsupported-setting';
      /** The setting's name in {@link ModelV1Settings}, e.g. `topK`. */
      readonly setting: string;
      readonly details?: string;
    }
  | { readonly type: 'other'; readonly message: string };

/** One candidate token at a generated position and its natural-log probability. */
export interface ModelV1TokenLogprob {
  /** The token's text as the tokenizer decodes it (may carry a leading space). */
  readonly token: string;
  /** Natural logarithm of the token's probability, at most 0. */
  readonly logprob: number;
}

/** One generated token with its log-probability and, when asked for, the most likely alternatives. */
export interface ModelV1GeneratedTokenLogprob extends ModelV1TokenLogprob {
  /** The most likely tokens at this position, most likely first (`topLogprobs` of them); empty when not asked for. */
  readonly topLogprobs: readonly ModelV1TokenLogprob[];
}

/** The result of one {@link ModelV1.generate} call. */
export interface ModelV1Result {
  /** The generated text (the visible answer, without hidden reasoning). */
  readonly text: string;
  /** The model's reasoning text, when the API returns it. */
  readonly reasoning?: string;
  readonly finishReason: ModelV1FinishReason;
  /** The provider's own finish reason string, for debugging. */
  readonly rawFinishReason?: string;
  readonly usage: ModelV1Usage;
  /** Cost of the call in US dollars, from the provider package's price table; `undefined` when the model is not priced. */
  readonly costUsd?: number;
  readonly warnings: readonly ModelV1Warning[];
  /**
   * Per-token log-probabilities of `text`, in order, when the call asked for them
   * (`logprobs` or `topLogprobs`) and the provider returned them; `undefined` otherwise.
   */
  readonly logprobs?: readonly ModelV1GeneratedTokenLogprob[];
  /** Response metadata. */
  readonly response?: {
    readonly id?: string;
    /** The model that actually answered (may differ from the requested id). */
    readonly modelId?: string;
    readonly timestamp?: string;
  };
}

/**
 * Sampling settings a caller may ask for. Each provider passes on what its API takes; a
 * setting the API cannot take comes back as a {@link ModelV1Warning} (never silently dropped).
 *
 * The paper evaluates open-weight models with temperature 1.0, topP 0.8, topK 20 and
 * repetitionPenalty 1.05; commercial APIs keep their defaults.
 */
export interface ModelV1Settings {
  /** Sampling temperature, usually 0–2. Default: the provider's. */
  readonly temperature?: number;
  /** Nucleus sampling mass, 0–1. Default: the provider's. */
  readonly topP?: number;
  /** Sample only among the k most likely tokens. OpenAI itself has no top-k; vLLM/SGLang take it as an extra body field. */
  readonly topK?: number;
  /** Multiplicative penalty on repeated tokens (1 = none). vLLM/SGLang only; others warn. */
  readonly repetitionPenalty?: number;
  /** Presence penalty, -2–2 where supported. */
  readonly presencePenalty?: number;
  /** Frequency penalty, -2–2 where supported. */
  readonly frequencyPenalty?: number;
  /** Upper bound on generated tokens for this call. */
  readonly maxOutputTokens?: number;
  /** Generation stops before any of these strings; the stop string is not returned. */
  readonly stop?: readonly string[];
  /** Seed for providers that support deterministic sampling. */
  readonly seed?: number;
  /** Reasoning effort for models that reason; `none` disables it where the API allows. */
  readonly reasoningEffort?: 'none' | 'minimal' | 'low' | 'medium' | 'high';
}

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
  /** Cancels the request; the promise rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

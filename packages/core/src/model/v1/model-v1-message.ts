/**
 * One message of a conversation sent to a model.
 *
 * `system` messages may appear only first; providers whose API takes the system prompt
 * separately (Anthropic, Gemini) lift it out. `tool` carries a tool's output back to
 * the model for APIs with tool calling; the bash agent sends observations as `user`.
 */
export type ModelV1Message =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string }
  | {
      readonly role: 'tool';
      readonly content: string;
      /** The id of the tool call this answers, when the API uses ids. */
      readonly toolCallId?: string;
      /** The tool's name. */
      readonly name?: string;
    };

/** The role of a {@link ModelV1Message}. */
export type ModelV1Role = ModelV1Message['role'];

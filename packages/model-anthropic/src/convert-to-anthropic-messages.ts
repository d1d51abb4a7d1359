import { InvalidArgumentError, type ModelV1Message } from '@swespot/core';

/** A Messages API turn with text content. */
export interface AnthropicMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** The `system` and `messages` fields of a Messages request. */
export interface AnthropicPrompt {
  readonly system: string | undefined;
  readonly messages: AnthropicMessage[];
}

/**
 * Converts core messages to the Messages API: leading `system` messages are lifted into
 * `system` (joined by a blank line), `tool` messages become `user` turns (`ModelV1` has no
 * tool calls for them to answer). Raises `InvalidArgumentError` for a system message after
 * the first turn, naming its index, and for a conversation without user or assistant turns.
 */
export function convertToAnthropicMessages(messages: readonly ModelV1Message[]): AnthropicPrompt {
  const systemParts: string[] = [];
  const turns: AnthropicMessage[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') {
      if (turns.length > 0) {
        throw new InvalidArgumentError({
          argument: 'messages',
          message: `messages[${index}]: a system message may only come before the first user or assistant message (Anthropic takes one system prompt).`,
        });
      }
      systemParts.push(message.content);
      continue;
    }
    turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content });
  }
  if (turns.length === 0) {
    throw new InvalidArgumentError({
      argument: 'messages',
      message: 'messages: must hold at least one user or assistant message.',
    });
  }
  return { system: systemParts.length === 0 ? undefined : systemParts.join('\n\n'), messages: turns };
}

import { InvalidArgumentError, type ModelV1Message } from '@swespot/core';

/** A chat message as the Chat Completions API takes it (text content only). */
export interface OpenAIChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/**
 * Converts core messages to Chat Completions messages. `tool` messages become `user`
 * messages: `ModelV1` has no tool calls for them to answer, and the bash agent sends its
 * observations as user turns. Raises `InvalidArgumentError` for an empty conversation.
 */
export function convertToOpenAIMessages(messages: readonly ModelV1Message[]): OpenAIChatMessage[] {
  if (messages.length === 0) {
    throw new InvalidArgumentError({ argument: 'messages', message: 'messages: must hold at least one message.' });
  }
  return messages.map((message) => ({
    role: message.role === 'tool' ? 'user' : message.role,
    content: message.content,
  }));
}

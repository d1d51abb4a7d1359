import { InvalidArgumentError, type ModelV1Message } from '@swespot/core';

/** A Gemini `Content` with text parts. */
export interface GoogleContent {
  readonly role: 'user' | 'model';
  readonly parts: { readonly text: string }[];
}

/** The `contents` and `systemInstruction` of a Gemini request. */
export interface GooglePrompt {
  readonly systemInstruction: string | undefined;
  readonly contents: GoogleContent[];
}

/**
 * Converts core messages to Gemini contents: leading `system` messages become the
 * `systemInstruction` (joined by a blank line), `assistant` becomes `model`, and `tool`
 * messages become `user` turns (`ModelV1` has no function calls for them to answer).
 * Raises `InvalidArgumentError` for a system message after the first turn, naming its
 * index, and for a conversation without user or assistant turns.
 */
export function convertToGoogleContents(messages: readonly ModelV1Message[]): GooglePrompt {
  const systemParts: string[] = [];
  const contents: GoogleContent[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') {
      if (contents.length > 0) {
        throw new InvalidArgumentError({
          argument: 'messages',
          message: `messages[${index}]: a system message may only come before the first user or assistant message (Gemini takes one system instruction).`,
        });
      }
      systemParts.push(message.content);
      continue;
    }
    contents.push({ role: message.role === 'assistant' ? 'model' : 'user', parts: [{ text: message.content }] });
  }
  if (contents.length === 0) {
    throw new InvalidArgumentError({
      argument: 'messages',
      message: 'messages: must hold at least one user or assistant message.',
    });
  }
  return { systemInstruction: systemParts.length === 0 ? undefined : systemParts.join('\n\n'), contents };
}

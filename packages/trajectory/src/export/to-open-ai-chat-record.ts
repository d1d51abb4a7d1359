import type { Trajectory } from '@swespot/core';
import { z } from 'zod';
import { toConversation } from './to-conversation';

/**
 * One line of an OpenAI chat fine-tuning file: `messages` with roles system/user/assistant and
 * `weight: 0` on assistant messages left out of the loss (OpenAI's per-message weight). Strict.
 */
export const openAiChatRecordSchema = z
  .strictObject({
    messages: z
      .array(
        z.discriminatedUnion('role', [
          z.strictObject({ role: z.literal('system'), content: z.string() }),
          z.strictObject({ role: z.literal('user'), content: z.string() }),
          z.strictObject({ role: z.literal('assistant'), content: z.string(), weight: z.union([z.literal(0), z.literal(1)]).optional() }),
        ]),
      )
      .min(2),
  })
  .refine((record) => record.messages.at(-1)?.role === 'assistant', { message: 'The last message must be an assistant message', path: ['messages'] })
  .describe('One line of an OpenAI chat fine-tuning file.');

/** One line of an OpenAI chat fine-tuning file. See {@link openAiChatRecordSchema}. */
export type OpenAiChatRecord = z.infer<typeof openAiChatRecordSchema>;

/** A trajectory as an OpenAI chat fine-tuning line; observations are user messages, masked steps get `weight: 0`. */
export function toOpenAiChatRecord(trajectory: Trajectory): OpenAiChatRecord {
  return {
    messages: toConversation(trajectory, { observationRole: 'user' }).map((message) => {
      if (message.role === 'assistant') return message.masked === true ? { role: 'assistant', content: message.content, weight: 0 } : { role: 'assistant', content: message.content };
      return { role: message.role === 'system' ? 'system' : 'user', content: message.content };
    }),
  };
}

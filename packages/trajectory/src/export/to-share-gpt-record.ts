import type { Trajectory } from '@swespot/core';
import { z } from 'zod';
import { toConversation } from './to-conversation';

/**
 * One line of a ShareGPT file as LLaMA-Factory reads it: optional `system`, and
 * `conversations` alternating `human` and `gpt` turns, starting with `human` and ending with
 * `gpt`. A masked `gpt` turn carries `turn_mask: true` (SWE-Lego's LLaMA-Factory fork leaves it
 * out of the loss). Strict.
 */
export const shareGptRecordSchema = z
  .strictObject({
    system: z.string().optional(),
    conversations: z
      .array(
        z.discriminatedUnion('from', [
          z.strictObject({ from: z.literal('human'), value: z.string() }),
          z.strictObject({ from: z.literal('gpt'), value: z.string(), turn_mask: z.literal(true).optional() }),
        ]),
      )
      .min(2),
  })
  .superRefine((record, context) => {
    record.conversations.forEach((turn, index) => {
      const expected = index % 2 === 0 ? 'human' : 'gpt';
      if (turn.from !== expected) context.addIssue({ code: 'custom', message: `Turn ${index} must be ${expected}: turns alternate human, gpt`, path: ['conversations', index, 'from'] });
    });
    if (record.conversations.length % 2 !== 0) context.addIssue({ code: 'custom', message: 'The last turn must be gpt', path: ['conversations'] });
  })
  .describe('One line of a ShareGPT file.');

/** One line of a ShareGPT file. See {@link shareGptRecordSchema}. */
export type ShareGptRecord = z.infer<typeof shareGptRecordSchema>;

/**
 * A trajectory as a ShareGPT line: the system prompt in `system`, user messages and
 * observations as `human`, step outputs as `gpt`. Consecutive human messages (several initial
 * messages) are joined with a blank line so turns alternate.
 */
export function toShareGptRecord(trajectory: Trajectory): ShareGptRecord {
  const conversations: ShareGptRecord['conversations'] = [];
  let system: string | undefined;
  for (const message of toConversation(trajectory)) {
    if (message.role === 'system') {
      system = message.content;
      continue;
    }
    const from = message.role === 'assistant' ? 'gpt' : 'human';
    const previous = conversations.at(-1);
    if (previous !== undefined && previous.from === from && from === 'human') {
      previous.value = `${previous.value}\n\n${message.content}`;
      continue;
    }
    conversations.push(from === 'gpt' ? (message.masked === true ? { from, value: message.content, turn_mask: true } : { from, value: message.content }) : { from, value: message.content });
  }
  return system === undefined ? { conversations } : { system, conversations };
}

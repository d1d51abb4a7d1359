import { msSwiftTraceFields, type Trajectory } from '@swespot/core';
import { z } from 'zod';
import type { RowTrace } from './row-trace';
import { toConversation } from './to-conversation';
import { assertActionsShown, deriveToolDefinitions, hermesToolCall, hermesToolResponse } from './tool-calls';

/**
 * One line of a ShareGPT file as LLaMA-Factory (and ms-swift's ShareGPT reader) reads it:
 * optional `system`, and `conversations` alternating `human` and `gpt` turns, starting with
 * `human` and ending with `gpt`. A masked `gpt` turn carries `turn_mask: true` (SWE-Lego's
 * LLaMA-Factory fork leaves it out of the loss). Optional `tools` (a JSON string of function
 * definitions) and the trace columns (`instance_id`, `trajectory_id`, `source_file`,
 * `exit_status`, `submission`), which trainers ignore. Strict.
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
    tools: z.string().optional(),
    ...msSwiftTraceFields,
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

/** Options of {@link toShareGptRecord}. */
export interface ShareGptRecordOptions {
  /** Trace columns to add to the row (see {@link RowTrace}). Default: none. */
  trace?: RowTrace;
}

/**
 * A trajectory as a ShareGPT line: the system prompt in `system`, user messages and
 * observations as `human`, step outputs as `gpt`. Consecutive human messages (several initial
 * messages, or the results of several tool calls) are joined with a blank line so turns
 * alternate. Native tool calls are written the way ms-swift's default agent template for Qwen
 * (`hermes`) renders them for training: `<tool_call>\n{"name", "arguments"}\n</tool_call>`
 * after the step's text in the `gpt` turn, and each result as
 * `<tool_response>\n...\n</tool_response>` in the next `human` turn; `tools` holds definitions
 * derived from the calls.
 *
 * @throws {UnrepresentableTrajectoryError} when a step's action would be missing from the row.
 */
export function toShareGptRecord(trajectory: Trajectory, options: ShareGptRecordOptions = {}): ShareGptRecord {
  assertActionsShown(trajectory);
  const conversations: ShareGptRecord['conversations'] = [];
  let system: string | undefined;
  for (const message of toConversation(trajectory)) {
    if (message.role === 'system') {
      system = message.content;
      continue;
    }
    const from = message.role === 'assistant' ? 'gpt' : 'human';
    const calls = message.toolCalls ?? [];
    const value =
      message.role === 'assistant' && calls.length > 0
        ? [message.content, ...calls.map(hermesToolCall)].filter((part) => part !== '').join('\n')
        : message.role === 'tool'
          ? hermesToolResponse(message.content)
          : message.content;
    const previous = conversations.at(-1);
    if (previous !== undefined && previous.from === from && from === 'human') {
      previous.value = `${previous.value}${message.role === 'tool' ? '\n' : '\n\n'}${value}`;
      continue;
    }
    conversations.push(from === 'gpt' ? (message.masked === true ? { from, value, turn_mask: true } : { from, value }) : { from, value });
  }
  const tools = deriveToolDefinitions(trajectory);
  return { ...(system === undefined ? {} : { system }), conversations, ...(tools.length > 0 ? { tools: JSON.stringify(tools) } : {}), ...(options.trace ?? {}) };
}

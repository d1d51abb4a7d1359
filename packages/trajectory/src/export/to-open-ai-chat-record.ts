import type { Trajectory } from '@swespot/core';
import { z } from 'zod';
import { toConversation } from './to-conversation';
import { assertActionsShown, deriveToolDefinitions } from './tool-calls';
import { UnrepresentableTrajectoryError } from './unrepresentable-trajectory-error';

const toolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

/**
 * One line of an OpenAI chat fine-tuning file: `messages` with roles system/user/assistant/tool,
 * `weight: 0` on assistant messages left out of the loss (OpenAI's per-message weight), native
 * `tool_calls` on assistant messages, each answered by a `tool` message with its
 * `tool_call_id`, and `tools` (function definitions) when there are calls. Strict.
 */
export const openAiChatRecordSchema = z
  .strictObject({
    messages: z
      .array(
        z.discriminatedUnion('role', [
          z.strictObject({ role: z.literal('system'), content: z.string() }),
          z.strictObject({ role: z.literal('user'), content: z.string() }),
          z.strictObject({ role: z.literal('assistant'), content: z.string(), tool_calls: z.array(toolCallSchema).min(1).optional(), weight: z.union([z.literal(0), z.literal(1)]).optional() }),
          z.strictObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.string() }),
        ]),
      )
      .min(2),
    tools: z.array(z.strictObject({ type: z.literal('function'), function: z.record(z.string(), z.unknown()) })).optional(),
  })
  .superRefine((record, context) => {
    if (record.messages.at(-1)?.role !== 'assistant') context.addIssue({ code: 'custom', message: 'The last message must be an assistant message', path: ['messages'] });
    // Every call is answered by a tool message before the next assistant message, and every tool message answers a call.
    let open = new Set<string>();
    record.messages.forEach((message, index) => {
      if (message.role === 'tool') {
        if (!open.delete(message.tool_call_id)) context.addIssue({ code: 'custom', message: `tool message answers ${message.tool_call_id}, which no preceding assistant message called (or which was answered already)`, path: ['messages', index, 'tool_call_id'] });
        return;
      }
      if (message.role === 'assistant' && open.size > 0) context.addIssue({ code: 'custom', message: `tool call(s) ${[...open].join(', ')} have no tool message`, path: ['messages', index] });
      if (message.role === 'assistant') open = new Set((message.tool_calls ?? []).map((call) => call.id));
    });
  })
  .describe('One line of an OpenAI chat fine-tuning file.');

/** One line of an OpenAI chat fine-tuning file. See {@link openAiChatRecordSchema}. */
export type OpenAiChatRecord = z.infer<typeof openAiChatRecordSchema>;

/**
 * A trajectory as an OpenAI chat fine-tuning line: observations of text steps are user
 * messages, native tool calls stay native (`tool_calls`, then one `tool` message per call with
 * its result), masked steps get `weight: 0`, and `tools` holds definitions derived from the
 * calls. The last step's results are dropped (the row ends with the model's last turn).
 *
 * @throws {UnrepresentableTrajectoryError} when several calls of a step share one result (OpenAI answers each call id on its own), or a step's action would be missing.
 */
export function toOpenAiChatRecord(trajectory: Trajectory): OpenAiChatRecord {
  assertActionsShown(trajectory);
  const conversation = toConversation(trajectory, { observationRole: 'user' });
  const messages: OpenAiChatRecord['messages'] = [];
  let stepIndex = -1;
  conversation.forEach((message, position) => {
    if (message.role === 'assistant') {
      stepIndex += 1;
      const calls = message.toolCalls ?? [];
      const next = conversation[position + 1];
      if (calls.length > 0 && next !== undefined && next.toolCallId === undefined) {
        throw new UnrepresentableTrajectoryError({
          reason: 'unrepresentable-tool-call',
          stepIndex,
          message: `step ${stepIndex} made ${calls.length} tool calls but the run recorded one result for all of them; OpenAI's layout answers each call id with its own tool message`,
        });
      }
      messages.push({
        role: 'assistant',
        content: message.content,
        ...(calls.length > 0 ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) } : {}),
        ...(message.masked === true ? { weight: 0 as const } : {}),
      });
      return;
    }
    if (message.role === 'tool' && message.toolCallId !== undefined) messages.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
    else messages.push({ role: message.role === 'system' ? 'system' : 'user', content: message.content });
  });
  const tools = deriveToolDefinitions(trajectory) as OpenAiChatRecord['tools'];
  return { messages, ...(tools !== undefined && tools.length > 0 ? { tools } : {}) };
}

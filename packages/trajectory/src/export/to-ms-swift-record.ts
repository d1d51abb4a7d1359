import type { MsSwiftMessage, MsSwiftRecord, Trajectory } from '@swespot/core';
import type { RowTrace } from './row-trace';
import { toConversation, type ConversationOptions } from './to-conversation';
import { assertActionsShown, deriveToolDefinitions, toolCallJson } from './tool-calls';

/** Options of {@link toMsSwiftRecord}. */
export interface MsSwiftRecordOptions extends ConversationOptions {
  /** Trace columns to add to the row (see {@link RowTrace}). Default: none. */
  trace?: RowTrace;
}

/**
 * A trajectory as one ms-swift dataset line (`messages` layout, validated by core's
 * `msSwiftRecordSchema`): system, task prompt, then each step's output as an `assistant`
 * message (with `"loss": false` when the step is masked) and its observation as `user` (or
 * `tool`, see {@link ConversationOptions.observationRole}). Bash actions written in the text
 * stay inside it, so `--agent_template` has nothing to render and the model learns the exact
 * text its agent parses. Native tool calls become ms-swift's agent layout: one `tool_call`
 * message per call (`{"name", "arguments"}` JSON, masked like its step) after the step's text,
 * one `tool` message per result, and the row's `tools` (a JSON string of definitions derived
 * from the calls), which ms-swift's `--agent_template` (hermes for Qwen3) renders. Train with
 * `--loss_scale default`.
 *
 * @throws {UnrepresentableTrajectoryError} when a step's action would be missing from the row.
 */
export function toMsSwiftRecord(trajectory: Trajectory, options: MsSwiftRecordOptions = {}): MsSwiftRecord {
  assertActionsShown(trajectory);
  const messages: MsSwiftMessage[] = [];
  for (const message of toConversation(trajectory, options)) {
    const loss = message.masked === true ? { loss: false } : {};
    if (message.role !== 'assistant') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    const calls = message.toolCalls ?? [];
    if (calls.length === 0 || message.content !== '') messages.push({ role: 'assistant', content: message.content, ...loss });
    for (const call of calls) messages.push({ role: 'tool_call', content: toolCallJson(call), ...loss });
  }
  const tools = deriveToolDefinitions(trajectory);
  return { messages, ...(tools.length > 0 ? { tools: JSON.stringify(tools) } : {}), ...(options.trace ?? {}) };
}

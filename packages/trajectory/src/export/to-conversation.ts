import type { ToolCall, Trajectory } from '@swespot/core';

/** One message of the conversation a trajectory trains on, before a format's own layout. */
export interface ConversationMessage {
  /** `system`, `user` (task prompt, or an observation with `observationRole: 'user'`), `assistant` (a step's output) or `tool` (an observation with `observationRole: 'tool'`, or the result of a native tool call). */
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** The text (of an assistant message with tool calls: the text beside the calls, possibly empty). */
  content: string;
  /** On assistant messages: the step is excluded from the loss (`flags.lossMasked`). */
  masked?: boolean;
  /** On assistant messages: the step's native tool calls, in order. */
  toolCalls?: ToolCall[];
  /** On `tool` messages that answer a native tool call: the call's id. */
  toolCallId?: string;
}

/** Options of {@link toConversation}. */
export interface ConversationOptions {
  /**
   * Role of observations of text-mode steps: `user` (default; how mini-swe-agent's text-mode
   * agents see them, and a no-op for ms-swift's agent template) or `tool` (rendered by
   * ms-swift's agent template as `<tool_response>`). Results of native tool calls are always
   * `tool` messages, one per call.
   */
  observationRole?: 'user' | 'tool';
}

/**
 * The results of a step's native tool calls, one `tool` message per call: each call's own
 * result when the run recorded one, else (a single call) the step's observation. Undefined when
 * several calls share one observation, which no per-call layout can hold.
 */
export function toolResultsOf(calls: readonly ToolCall[], observation: string): ConversationMessage[] | undefined {
  if (calls.every((call) => call.output !== undefined)) return calls.map((call) => ({ role: 'tool', content: call.output ?? '', toolCallId: call.id }));
  const [only] = calls;
  if (calls.length === 1 && only !== undefined) return [{ role: 'tool', content: observation, toolCallId: only.id }];
  return undefined;
}

/**
 * The conversation a trajectory trains on: the system prompt (when not empty), the initial
 * messages (consecutive user messages joined by a blank line), then per step the model's full
 * output (`rawOutput`, with its native tool calls) and the observation (per tool call, the
 * call's result). The observation after the last step is dropped: a training row ends with the
 * model's last turn.
 */
export function toConversation(trajectory: Trajectory, options: ConversationOptions = {}): ConversationMessage[] {
  const observationRole = options.observationRole ?? 'user';
  const messages: ConversationMessage[] = [];
  if (trajectory.systemPrompt !== '') messages.push({ role: 'system', content: trajectory.systemPrompt });
  for (const message of trajectory.initialMessages) {
    const previous = messages.at(-1);
    // Two user messages in a row would break the query/answer pairing trainers expect: join them.
    if (message.role === 'user' && previous?.role === 'user') previous.content = `${previous.content}\n\n${message.content}`;
    else messages.push({ role: message.role, content: message.content });
  }
  const last = trajectory.steps.length - 1;
  trajectory.steps.forEach((step, index) => {
    const calls = step.toolCalls ?? [];
    messages.push({
      role: 'assistant',
      content: step.rawOutput,
      ...(step.flags.lossMasked ? { masked: true } : {}),
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
    });
    if (index === last) return;
    const results = calls.length > 0 ? toolResultsOf(calls, step.observation) : undefined;
    // Several calls sharing one observation: a tool result that answers no single call.
    if (results === undefined) messages.push({ role: calls.length > 0 ? 'tool' : observationRole, content: step.observation });
    else messages.push(...results);
  });
  return messages;
}

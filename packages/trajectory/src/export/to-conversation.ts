import type { Trajectory } from '@swespot/core';

/** One message of the conversation a trajectory trains on, before a format's own layout. */
export interface ConversationMessage {
  /** `system`, `user` (task prompt, or an observation with `observationRole: 'user'`), `assistant` (a step's output) or `tool` (an observation with `observationRole: 'tool'`). */
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** The text. */
  content: string;
  /** On assistant messages: the step is excluded from the loss (`flags.lossMasked`). */
  masked?: boolean;
}

/** Options of {@link toConversation}. */
export interface ConversationOptions {
  /**
   * Role of observations: `user` (default; how mini-swe-agent's text-mode agents see them, and
   * a no-op for ms-swift's agent template) or `tool` (rendered by ms-swift's agent template as
   * `<tool_response>`).
   */
  observationRole?: 'user' | 'tool';
}

/**
 * The conversation a trajectory trains on: the system prompt (when not empty), the initial
 * messages (consecutive user messages joined by a blank line), then per step the model's full output (`rawOutput`) and the observation. The
 * observation after the last step is dropped: a training row ends with the model's last turn.
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
    messages.push(step.flags.lossMasked ? { role: 'assistant', content: step.rawOutput, masked: true } : { role: 'assistant', content: step.rawOutput });
    if (index < last) messages.push({ role: observationRole, content: step.observation });
  });
  return messages;
}

import type { MsSwiftMessage, MsSwiftRecord, Trajectory } from '@swespot/core';
import { toConversation, type ConversationOptions } from './to-conversation';

/**
 * A trajectory as one ms-swift dataset line (`messages` layout, validated by core's
 * `msSwiftRecordSchema`): system, task prompt, then each step's output as an `assistant`
 * message (with `"loss": false` when the step is masked) and its observation as `user` (or
 * `tool`, see {@link ConversationOptions.observationRole}). The bash actions stay inside the
 * assistant text, so ms-swift's `--agent_template` (hermes for Qwen3) has nothing to render and
 * the model learns the exact text its agent parses; train with `--loss_scale default`.
 */
export function toMsSwiftRecord(trajectory: Trajectory, options: ConversationOptions = {}): MsSwiftRecord {
  const messages: MsSwiftMessage[] = toConversation(trajectory, options).map((message) =>
    message.masked === true ? { role: 'assistant', content: message.content, loss: false } : { role: message.role, content: message.content },
  );
  return { messages };
}

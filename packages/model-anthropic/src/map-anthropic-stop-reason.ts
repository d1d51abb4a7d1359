import type { ModelV1FinishReason } from '@swespot/core';

/** Maps an Anthropic Messages `stop_reason` to core's finish reason. */
export function mapAnthropicStopReason(stopReason: string | null | undefined): ModelV1FinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content-filter';
    case null:
    case undefined:
      return 'unknown';
    default:
      // tool_use, pause_turn and reasons added later
      return 'other';
  }
}

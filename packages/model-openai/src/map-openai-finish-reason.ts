import type { ModelV1FinishReason } from '@swespot/core';

/**
 * Maps a Chat Completions `finish_reason` to core's. vLLM and SGLang also send
 * `stop_reason` / `matched_stop`: the stop string that ended generation, which tells a
 * stop sequence apart from the end-of-sequence token.
 */
export function mapOpenAIFinishReason(
  finishReason: string | null | undefined,
  matchedStop: string | number | null | undefined,
): ModelV1FinishReason {
  switch (finishReason) {
    case 'stop':
      return typeof matchedStop === 'string' ? 'stop-sequence' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'other';
    case 'error':
      return 'error';
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

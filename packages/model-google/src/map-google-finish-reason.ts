import type { ModelV1FinishReason } from '@swespot/core';

/**
 * Maps a Gemini `finishReason` to core's. Gemini reports `STOP` for stop sequences too,
 * so `stop-sequence` is never returned.
 */
export function mapGoogleFinishReason(finishReason: string | null | undefined): ModelV1FinishReason {
  switch (finishReason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content-filter';
    case 'FINISH_REASON_UNSPECIFIED':
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}

import type { DiffHunk } from './parse-unified-diff';

/** A 1-based inclusive line range. */
export interface Lines {
  readonly start: number;
  readonly end: number;
}

/**
 * True when a change's hunks touch `range` (lines on the new side of the diff): an added or
 * changed line inside it, or lines deleted from between two of its lines.
 */
export function hunksTouch(hunks: readonly DiffHunk[], range: Lines): boolean {
  for (const hunk of hunks) {
    if (hunk.newCount > 0) {
      const last = hunk.newStart + hunk.newCount - 1;
      if (hunk.newStart <= range.end && last >= range.start) return true;
    } else if (hunk.newStart >= range.start && hunk.newStart < range.end) return true;
  }
  return false;
}

/**
 * Maps a range on the new side of a diff to the old side, hunk by hunk: unchanged lines
 * shift by the lines added and removed above them; an end inside a changed hunk moves to
 * that hunk's old lines. Returns `undefined` when none of the range existed before (it was
 * added by this change).
 */
export function mapRangeToOldSide(hunks: readonly DiffHunk[], range: Lines): Lines | undefined {
  const start = mapLine(hunks, range.start, 'start');
  const end = mapLine(hunks, range.end, 'end');
  return start > end ? undefined : { start, end };
}

function mapLine(hunks: readonly DiffHunk[], line: number, side: 'start' | 'end'): number {
  let offset = 0;
  for (const hunk of hunks) {
    if (hunk.newCount === 0) {
      // Pure deletion after new line `newStart`.
      if (line > hunk.newStart) {
        offset += hunk.oldCount;
        continue;
      }
      break;
    }
    const last = hunk.newStart + hunk.newCount - 1;
    if (line > last) {
      offset += hunk.oldCount - hunk.newCount;
      continue;
    }
    if (line >= hunk.newStart) {
      // Inside added or changed lines.
      if (hunk.oldCount === 0) return side === 'start' ? hunk.oldStart + 1 : hunk.oldStart;
      return side === 'start' ? hunk.oldStart : hunk.oldStart + hunk.oldCount - 1;
    }
    break;
  }
  return line + offset;
}

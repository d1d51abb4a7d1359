import { InvalidArgumentError } from '@swespot/core';
import type { TextEdit } from './mutations/procedural-mutation';

/** Whether two sets of edits touch overlapping text (touching ends do not overlap, except two insertions at one point). */
export function editsOverlap(left: readonly TextEdit[], right: readonly TextEdit[]): boolean {
  for (const a of left) for (const b of right) if (a.start < b.end && b.start < a.end) return true;
  return false;
}

/** The span `[start, end)` a set of edits covers. */
export function spanOf(edits: readonly TextEdit[]): { start: number; end: number } {
  return { start: Math.min(...edits.map((edit) => edit.start)), end: Math.max(...edits.map((edit) => edit.end)) };
}

/**
 * `text` with every edit applied (all offsets refer to `text`). Throws an InvalidArgumentError
 * on overlapping edits.
 *
 * @example
 * ```ts
 * applyEdits('a + b', [{ start: 2, end: 3, replacement: '-' }]); // 'a - b'
 * ```
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((left, right) => left.start - right.start || left.end - right.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position || edit.end < edit.start || edit.end > text.length) {
      throw new InvalidArgumentError({ argument: 'edits', message: `applyEdits: edit [${edit.start}, ${edit.end}) overlaps another or lies outside the text (length ${text.length}).` });
    }
    result += text.slice(position, edit.start) + edit.replacement;
    position = edit.end;
  }
  return result + text.slice(position);
}

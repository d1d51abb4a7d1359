import type { PatchFileChange } from '../patch/read-patch';
import type { LocatedTest } from './locate-tests';

/**
 * Whether a file's change adds or changes the test: a non-blank added line falls inside the
 * test's lines (new numbering), or a non-blank removed line sat inside it (a line of the test
 * precedes the deletion and one follows it). The second case is a patch that only deletes
 * lines, such as an assertion's expected text shortened (TDD-Bench's sphinx-doc__sphinx-10449).
 */
export function patchTouchesTest(change: PatchFileChange, test: LocatedTest): boolean {
  const { start, end } = test.lines;
  for (const hunk of change.hunks) {
    if (hunk.added.some((line) => line.text.trim() !== '' && line.line >= start && line.line <= end)) return true;
    if (hunk.removed.some((line) => line.text.trim() !== '' && line.before !== undefined && line.before > start && line.before <= end)) return true;
  }
  return false;
}

import { parsePatch } from 'diff';

/** One hunk of a unified diff: old lines `[oldStart, oldStart + oldCount)` became new lines `[newStart, newStart + newCount)`. */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/** The change to one file in a unified diff. */
export interface FileDiff {
  /** Path before the change; `null` for an added file. */
  readonly oldPath: string | null;
  /** Path after the change; `null` for a deleted file. */
  readonly newPath: string | null;
  readonly hunks: readonly DiffHunk[];
}

function pathOf(name: string | undefined, prefix: string): string | null {
  if (name === undefined || name === '/dev/null') return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * Parses `git diff` output (with `diff --git` headers: renames, copies, quoted and
 * non-ASCII paths, binary files) into files and hunks, with jsdiff's `parsePatch`. Hunk
 * starts keep git's convention: an empty range starts at the line before it (`-5,0`).
 */
export function parseUnifiedDiff(patch: string): FileDiff[] {
  if (patch.trim() === '') return [];
  return parsePatch(patch).map((file) => ({
    oldPath: file.isCreate ? null : pathOf(file.oldFileName, 'a/'),
    newPath: file.isDelete ? null : pathOf(file.newFileName, 'b/'),
    // jsdiff moves the start of an empty range one line down; git (and map-line-range) count from the line before.
    hunks: file.hunks.map((hunk) => ({
      oldStart: hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart,
      oldCount: hunk.oldLines,
      newStart: hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart,
      newCount: hunk.newLines,
    })),
  }));
}

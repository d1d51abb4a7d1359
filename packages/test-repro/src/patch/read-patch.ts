import { InvalidArgumentError } from '@swespot/core';
import { parsePatch } from 'diff';

/** One line a hunk adds or removes, with its 1-based number on its side. */
export interface PatchLine {
  /** Line number: in the new file for an added line, in the old file for a removed one. */
  readonly line: number;
  /** The line's text, without the `+`/`-` marker. */
  readonly text: string;
  /**
   * For a removed line: the line of the new file it sat just before (in new numbering), so a
   * change that only deletes lines can still be placed in the new file. Undefined for an
   * added line.
   */
  readonly before?: number;
}

/** One hunk of a file's change. */
export interface PatchHunk {
  /** 1-based position among the file's hunks. */
  readonly index: number;
  /** The `@@ -a,b +c,d @@` header as a person reads it. */
  readonly header: string;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly added: readonly PatchLine[];
  readonly removed: readonly PatchLine[];
}

/** One file a patch changes. */
export interface PatchFileChange {
  /** The file's path: the new path, or the old one for a deletion. */
  readonly path: string;
  /** Path before the change; undefined for a new file. */
  readonly oldPath?: string;
  /** Path after the change; undefined for a deleted file. */
  readonly newPath?: string;
  readonly hunks: readonly PatchHunk[];
}

function stripPrefix(name: string | undefined): string | undefined {
  if (name === undefined || name === '/dev/null' || name === '') return undefined;
  return /^[ab]\//.test(name) ? name.slice(2) : name;
}

/**
 * Reads a unified diff (git or plain) into its files and hunks, with the line numbers of
 * every added line (new numbering) and removed line (old numbering). Parsing is jsdiff's
 * `parsePatch` (git headers, renames, `\ No newline at end of file`); `a/` and `b/`
 * prefixes are dropped.
 *
 * @throws {InvalidArgumentError} when the text is not a unified diff (`argument` names the
 * patch, the message says what jsdiff found wrong).
 */
export function readPatch(patch: string, argument = 'patch'): PatchFileChange[] {
  let parsed;
  try {
    parsed = parsePatch(patch);
  } catch (error) {
    throw new InvalidArgumentError({ argument, message: `${argument}: not a unified diff: ${(error as Error).message}`, cause: error });
  }
  // jsdiff drops the section text after a hunk's `@@ ... @@`; the raw headers, in the same order, keep it.
  const rawHeaders = patch.split('\n').filter((line) => /^@@ -\d/.test(line)).map((line) => line.replace(/\r$/, ''));
  const hunkCount = parsed.reduce((total, file) => total + file.hunks.length, 0);
  let hunkNumber = 0;
  const files: PatchFileChange[] = [];
  for (const file of parsed) {
    const oldPath = stripPrefix(file.oldFileName);
    const newPath = stripPrefix(file.newFileName);
    const path = newPath ?? oldPath;
    if (path === undefined) continue;
    const hunks = file.hunks.map((hunk, position): PatchHunk => {
      const added: PatchLine[] = [];
      const removed: PatchLine[] = [];
      let oldLine = hunk.oldStart;
      let newLine = hunk.newStart;
      for (const line of hunk.lines) {
        const marker = line[0];
        if (marker === '+') added.push({ line: newLine++, text: line.slice(1) });
        else if (marker === '-') removed.push({ line: oldLine++, text: line.slice(1), before: newLine });
        else if (marker === ' ') {
          oldLine++;
          newLine++;
        }
      }
      const raw = rawHeaders.length === hunkCount ? rawHeaders[hunkNumber] : undefined;
      hunkNumber++;
      return {
        index: position + 1,
        header: raw ?? `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
        oldStart: hunk.oldStart,
        oldLines: hunk.oldLines,
        newStart: hunk.newStart,
        newLines: hunk.newLines,
        added,
        removed,
      };
    });
    files.push({ path, ...(oldPath === undefined ? {} : { oldPath }), ...(newPath === undefined ? {} : { newPath }), hunks });
  }
  return files;
}

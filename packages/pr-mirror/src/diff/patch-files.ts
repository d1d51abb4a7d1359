import { createTwoFilesPatch, formatPatch, parsePatch, reversePatch, type StructuredPatch } from 'diff';

/** One file of a unified diff, read with jsdiff's `parsePatch`. */
export interface PatchFile {
  /** The file's path after the change (before it, for a deletion), without `a/` or `b/`. */
  readonly path: string;
  /** The path before the change, when it differs (renames). */
  readonly oldPath?: string;
  readonly status: 'added' | 'deleted' | 'modified' | 'renamed';
  readonly binary: boolean;
  /** Lines added and removed in the file's hunks. */
  readonly added: number;
  readonly removed: number;
  /** The file's part of the diff, as jsdiff parsed it. */
  readonly structured: StructuredPatch;
}

function stripPrefix(name: string | undefined): string | undefined {
  if (name === undefined || name === '/dev/null') return undefined;
  const unquoted = name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
  return unquoted.replace(/^[ab]\//, '');
}

/**
 * The files of a unified or git diff, one {@link PatchFile} each, read with jsdiff's
 * `parsePatch` (which understands `diff --git` headers: new, deleted, renamed, binary).
 *
 * @example
 * ```ts
 * readPatchFiles(diff).map((file) => `${file.status} ${file.path} +${file.added} -${file.removed}`);
 * ```
 */
export function readPatchFiles(patch: string): PatchFile[] {
  if (patch.trim() === '') return [];
  return parsePatch(patch).flatMap((structured): PatchFile[] => {
    const oldPath = stripPrefix(structured.oldFileName);
    const newPath = stripPrefix(structured.newFileName);
    const path = newPath ?? oldPath;
    if (path === undefined) return [];
    let added = 0;
    let removed = 0;
    for (const hunk of structured.hunks) {
      for (const line of hunk.lines) {
        if (line.startsWith('+')) added++;
        else if (line.startsWith('-')) removed++;
      }
    }
    const status = structured.isCreate || oldPath === undefined ? 'added' : structured.isDelete || newPath === undefined ? 'deleted' : oldPath !== newPath ? 'renamed' : 'modified';
    return [{ path, ...(status === 'renamed' ? { oldPath } : {}), status, binary: structured.isBinary === true, added, removed, structured }];
  });
}

/** The lines a diff adds (without the leading `+`), over all its files, in order. */
export function addedLinesOf(patch: string): string[] {
  return readPatchFiles(patch).flatMap((file) => file.structured.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1))));
}

/** The lines a diff removes (without the leading `-`), over all its files, in order. */
export function removedLinesOf(patch: string): string[] {
  return readPatchFiles(patch).flatMap((file) => file.structured.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1))));
}

/**
 * The reverse of a diff (jsdiff's `reversePatch`): what undoes it. The reverse of a bug patch
 * (clean → buggy) is its fix (the gold patch).
 */
export function reverseUnifiedDiff(patch: string): string {
  if (patch.trim() === '') return '';
  return formatPatch(reversePatch(parsePatch(patch)));
}

/**
 * A git-style diff of one file from `before` to `after` (`null`: the file does not exist),
 * made with jsdiff's `createTwoFilesPatch`; empty when nothing changed.
 */
export function diffFile(path: string, before: string | null, after: string | null): string {
  if (before === after) return '';
  const text = createTwoFilesPatch(before === null ? '/dev/null' : `a/${path}`, after === null ? '/dev/null' : `b/${path}`, before ?? '', after ?? '', undefined, undefined, { context: 3 });
  const structured = parsePatch(text)[0];
  if (structured === undefined) return '';
  // jsdiff writes a `diff --git` header (that git apply needs for a creation or deletion) when the patch is marked as git's.
  const gitPatch: StructuredPatch = {
    ...structured,
    oldFileName: before === null ? '/dev/null' : `a/${path}`,
    newFileName: after === null ? '/dev/null' : `b/${path}`,
    oldHeader: undefined,
    newHeader: undefined,
    isGit: true,
    ...(before === null ? { isCreate: true, newMode: '100644' } : {}),
    ...(after === null ? { isDelete: true, oldMode: '100644' } : {}),
  };
  return formatPatch(gitPatch);
}

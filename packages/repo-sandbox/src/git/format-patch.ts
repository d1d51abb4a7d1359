import { isBinary } from './detect-renames';
import { diffLines, splitLines, type LineChange } from './line-diff';
import { quotePath } from './quote-path';

/** One side of a {@link PatchFilePair}. */
export interface PatchFileSide {
  /** The path's bytes. */
  readonly pathBytes: Uint8Array;
  /** Octal mode, e.g. `100644`. */
  readonly mode: string;
  readonly sha: string;
  /** The content (for a submodule: `Subproject commit <sha>\n`). */
  readonly data: Uint8Array;
}

/** A changed file for {@link formatPatch}: `old` is absent for an addition, `new` for a deletion. */
export interface PatchFilePair {
  readonly old?: PatchFileSide;
  readonly new?: PatchFileSide;
  /** Set for a rename. */
  readonly similarity?: number;
}

const encoder = new TextEncoder();

/**
 * Writes a git-style unified patch (`diff --git` headers, `--full-index`, mode lines,
 * rename lines, `Binary files ... differ`, `\ No newline at end of file`, hunk headers
 * with git's default function context) for file pairs, in order. A pair that changes the
 * file type (file ↔ symlink ↔ submodule) is written as a deletion and an addition, as git does.
 */
export function formatPatch(pairs: readonly PatchFilePair[], zeroSha: string, contextLines = 3): Buffer {
  const chunks: Uint8Array[] = [];
  const text = (value: string) => chunks.push(encoder.encode(value));
  for (const pair of pairs) {
    if (pair.old && pair.new && fileType(pair.old.mode) !== fileType(pair.new.mode)) {
      writePair({ old: pair.old }, zeroSha, contextLines, text, chunks);
      writePair({ new: pair.new }, zeroSha, contextLines, text, chunks);
    } else {
      writePair(pair, zeroSha, contextLines, text, chunks);
    }
  }
  return Buffer.concat(chunks);
}

function fileType(mode: string): string {
  return mode.slice(0, mode.length - 4);
}

function writePair(
  pair: PatchFilePair,
  zeroSha: string,
  contextLines: number,
  text: (value: string) => void,
  chunks: Uint8Array[],
): void {
  const oldSide = pair.old;
  const newSide = pair.new;
  const oldPath = (oldSide ?? newSide)!.pathBytes;
  const newPath = (newSide ?? oldSide)!.pathBytes;
  const oldName = quotePath(oldPath, 'a/');
  const newName = quotePath(newPath, 'b/');
  text(`diff --git ${oldName} ${newName}\n`);
  if (!oldSide) text(`new file mode ${newSide!.mode}\n`);
  else if (!newSide) text(`deleted file mode ${oldSide.mode}\n`);
  else if (oldSide.mode !== newSide.mode) text(`old mode ${oldSide.mode}\nnew mode ${newSide.mode}\n`);
  if (pair.similarity !== undefined) {
    text(`similarity index ${pair.similarity}%\nrename from ${quotePath(oldPath)}\nrename to ${quotePath(newPath)}\n`);
  }
  const oldSha = oldSide?.sha ?? zeroSha;
  const newSha = newSide?.sha ?? zeroSha;
  if (oldSha === newSha) return;
  const sameMode = oldSide !== undefined && newSide !== undefined && oldSide.mode === newSide.mode;
  text(`index ${oldSha}..${newSha}${sameMode ? ` ${oldSide.mode}` : ''}\n`);
  const oldData = oldSide?.data ?? new Uint8Array(0);
  const newData = newSide?.data ?? new Uint8Array(0);
  const oldLabel = oldSide ? oldName : '/dev/null';
  const newLabel = newSide ? newName : '/dev/null';
  if (isBinary(oldData) || isBinary(newData)) {
    text(`Binary files ${oldLabel} and ${newLabel} differ\n`);
    return;
  }
  const oldLines = splitLines(oldData);
  const newLines = splitLines(newData);
  const changes = diffLines(oldLines, newLines);
  if (changes.length === 0) return;
  text(`--- ${oldLabel}${spaceTab(oldPath, oldSide)}\n+++ ${newLabel}${spaceTab(newPath, newSide)}\n`);
  for (const hunk of groupHunks(changes, oldLines.length, newLines.length, contextLines)) {
    const oldStart = hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart + 1;
    const newStart = hunk.newCount === 0 ? hunk.newStart : hunk.newStart + 1;
    const oldRange = hunk.oldCount === 1 ? `${oldStart}` : `${oldStart},${hunk.oldCount}`;
    const newRange = hunk.newCount === 1 ? `${newStart}` : `${newStart},${hunk.newCount}`;
    const functionName = findFunctionName(oldLines, hunk.oldStart);
    chunks.push(encoder.encode(`@@ -${oldRange} +${newRange} @@`));
    if (functionName) chunks.push(encoder.encode(' '), functionName);
    text('\n');
    let oldIndex = hunk.oldStart;
    let newIndex = hunk.newStart;
    const line = (marker: string, content: Uint8Array) => {
      text(marker);
      chunks.push(content);
      if (content[content.length - 1] !== 10) text('\n\\ No newline at end of file\n');
    };
    for (const change of hunk.changes) {
      while (oldIndex < change.oldStart) {
        line(' ', oldLines[oldIndex++]!);
        newIndex += 1;
      }
      for (let index = 0; index < change.oldCount; index += 1) line('-', oldLines[oldIndex++]!);
      for (let index = 0; index < change.newCount; index += 1) line('+', newLines[newIndex++]!);
    }
    while (oldIndex < hunk.oldStart + hunk.oldCount) {
      line(' ', oldLines[oldIndex++]!);
      newIndex += 1;
    }
  }
}

/** git ends `---`/`+++` lines with a tab when the path has a space, so that tools can find the end of the name. */
function spaceTab(pathBytes: Uint8Array, side: PatchFileSide | undefined): string {
  return side && pathBytes.includes(0x20) ? '\t' : '';
}

interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  changes: LineChange[];
}

/** Groups changes into hunks with `context` lines around each, merging hunks whose contexts touch (git: gap ≤ 2 × context). */
function groupHunks(changes: readonly LineChange[], oldLength: number, newLength: number, context: number): Hunk[] {
  const hunks: Hunk[] = [];
  let current: LineChange[] = [];
  const flush = () => {
    const first = current[0]!;
    const last = current[current.length - 1]!;
    const before = Math.min(context, first.oldStart);
    const oldEnd = Math.min(oldLength, last.oldStart + last.oldCount + context);
    const after = oldEnd - (last.oldStart + last.oldCount);
    const newEnd = Math.min(newLength, last.newStart + last.newCount + after);
    hunks.push({
      oldStart: first.oldStart - before,
      oldCount: oldEnd - (first.oldStart - before),
      newStart: first.newStart - before,
      newCount: newEnd - (first.newStart - before),
      changes: current,
    });
    current = [];
  };
  for (const change of changes) {
    const previous = current[current.length - 1];
    if (previous && change.oldStart - (previous.oldStart + previous.oldCount) > 2 * context) flush();
    current.push(change);
  }
  if (current.length > 0) flush();
  return hunks;
}

/** git's default function context: the nearest line above the hunk that starts with a letter, `_` or `$`, cut to 80 bytes, trailing white space removed. */
function findFunctionName(oldLines: readonly Uint8Array[], hunkStart: number): Uint8Array | undefined {
  for (let index = hunkStart - 1; index >= 0; index -= 1) {
    const line = oldLines[index]!;
    const first = line[0];
    if (first === undefined) continue;
    const isLetter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
    if (!isLetter && first !== 0x5f && first !== 0x24) continue;
    let length = Math.min(line.length, 80);
    while (length > 0 && isSpace(line[length - 1]!)) length -= 1;
    return line.subarray(0, length);
  }
  return undefined;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

import type { GitChangeStatusV1, GitNameStatusEntryV1, GitNumstatEntryV1 } from '@swespot/core';
import { decodePath } from './decode-path';

const STATUSES = new Set(['A', 'M', 'D', 'R', 'C', 'T']);

/** Reads a status token such as `M`, `R086` or `:100644 100644 abc def R086` into a status and score. */
export function parseStatusToken(token: string): { status: GitChangeStatusV1; similarity?: number } {
  const letter = token.charAt(0);
  if (!STATUSES.has(letter)) throw new Error(`Unexpected git change status ${JSON.stringify(token)}`);
  const score = token.length > 1 ? Number.parseInt(token.slice(1), 10) : Number.NaN;
  return letter === 'R' || letter === 'C'
    ? { status: letter, similarity: Number.isFinite(score) ? score : 100 }
    : { status: letter as GitChangeStatusV1 };
}

/** Parses `git diff-tree -z --name-status` output. */
export function parseNameStatus(output: Buffer): GitNameStatusEntryV1[] {
  const tokens = splitNul(output);
  const entries: GitNameStatusEntryV1[] = [];
  for (let index = 0; index < tokens.length; ) {
    const { status, similarity } = parseStatusToken(tokens[index++]!.toString('latin1'));
    if (status === 'R' || status === 'C') {
      const oldPath = decodePath(tokens[index++]!).path;
      const path = decodePath(tokens[index++]!).path;
      entries.push({ status, path, oldPath, similarity });
    } else {
      entries.push({ status, path: decodePath(tokens[index++]!).path });
    }
  }
  return entries;
}

/** Parses one `-z --numstat` token (`12\t3\tpath`, or `12\t3\t` followed by two path tokens). */
export function parseNumstatCounts(token: Buffer): { added: number | null; removed: number | null; path: Buffer | null } {
  const firstTab = token.indexOf(9);
  const secondTab = token.indexOf(9, firstTab + 1);
  const addedText = token.subarray(0, firstTab).toString('latin1');
  const removedText = token.subarray(firstTab + 1, secondTab).toString('latin1');
  const rest = token.subarray(secondTab + 1);
  return {
    added: addedText === '-' ? null : Number(addedText),
    removed: removedText === '-' ? null : Number(removedText),
    path: rest.length === 0 ? null : rest,
  };
}

/** Parses `git diff-tree -z --numstat` output. */
export function parseNumstat(output: Buffer): GitNumstatEntryV1[] {
  const tokens = splitNul(output);
  const entries: GitNumstatEntryV1[] = [];
  for (let index = 0; index < tokens.length; ) {
    const { added, removed, path } = parseNumstatCounts(tokens[index++]!);
    if (path === null) {
      const oldPath = decodePath(tokens[index++]!).path;
      entries.push({ path: decodePath(tokens[index++]!).path, oldPath, added, removed });
    } else {
      entries.push({ path: decodePath(path).path, added, removed });
    }
  }
  return entries;
}

/** Splits NUL-terminated output into its records (a trailing NUL gives no empty record). */
export function splitNul(output: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let start = 0;
  for (let index = output.indexOf(0); index !== -1; index = output.indexOf(0, start)) {
    tokens.push(output.subarray(start, index));
    start = index + 1;
  }
  if (start < output.length) tokens.push(output.subarray(start));
  return tokens;
}

import { formatPatch, structuredPatch } from 'diff';

/**
 * A git-style unified diff of one file from `before` to `after` (three lines of context,
 * jsdiff's `structuredPatch` and `formatPatch`), which `git apply` and `patch -p1` both
 * take; empty when the texts are equal.
 */
export function writeFileDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  return formatPatch({ ...patch, isGit: true });
}

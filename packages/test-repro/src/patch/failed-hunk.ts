import type { PatchHunkReference } from '@swespot/core';
import type { PatchAttempt } from '@swespot/repo-sandbox';
import type { PatchFileChange } from './read-patch';

/** Where a patch failed to apply: the file, and the hunk when the tools named one. */
export interface PatchFailure {
  readonly file?: string;
  readonly hunk?: PatchHunkReference;
  /** The tools' own words, first lines only. */
  readonly detail: string;
}

/**
 * Names the first hunk that did not apply, from what the tools said: `git apply` prints
 * `error: patch failed: F:L` (L is the hunk's old start line) for the first hunk it cannot
 * place; GNU `patch` prints `patching file F` then `Hunk #N FAILED at L` (N counts the file's
 * hunks from 1). A file the tools could not find is named without a hunk.
 */
export function findFailedHunk(attempts: readonly PatchAttempt[], files: readonly PatchFileChange[]): PatchFailure {
  const hunkOf = (file: string, predicate: (hunk: PatchFileChange['hunks'][number]) => boolean): PatchHunkReference | undefined => {
    const change = files.find((candidate) => candidate.path === file || candidate.oldPath === file);
    const hunk = change?.hunks.find(predicate);
    return hunk === undefined ? undefined : { file, index: hunk.index, header: hunk.header };
  };
  const detail = attempts.map((attempt) => `${attempt.method}: ${attempt.output.trim().split('\n').slice(0, 3).join(' / ')}`).join('; ');
  for (const attempt of attempts) {
    const failed = /error: patch failed: (.+):(\d+)/.exec(attempt.output);
    if (failed) {
      const [, file, line] = failed as unknown as [string, string, string];
      const start = Number(line);
      return { file, hunk: hunkOf(file, (hunk) => hunk.oldStart === start) ?? { file, index: 1, header: `the hunk at line ${start}` }, detail };
    }
    const absent = /error: ([^:\n]+): (?:No such file or directory|does not exist in index)/.exec(attempt.output);
    if (absent) return { file: absent[1]!, detail };
    const exists = /error: ([^:\n]+): already exists in working directory/.exec(attempt.output);
    if (exists) return { file: exists[1]!, detail };
  }
  for (const attempt of attempts) {
    if (attempt.method !== 'patch-fuzz') continue;
    let file: string | undefined;
    for (const line of attempt.output.split('\n')) {
      const patching = /^(?:checking|patching) file '?([^'\n]+?)'?$/.exec(line.trim());
      if (patching) file = patching[1];
      const failed = /^Hunk #(\d+) FAILED at (\d+)/.exec(line.trim());
      if (failed && file !== undefined) {
        const index = Number(failed[1]);
        return { file, hunk: hunkOf(file, (hunk) => hunk.index === index) ?? { file, index, header: `hunk #${index}` }, detail };
      }
      const missing = /can't find file to patch|No file to patch/.exec(line);
      if (missing && file !== undefined) return { file, detail };
    }
  }
  return { detail };
}

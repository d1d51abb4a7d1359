import type { GitReaderV1 } from '@swespot/core';
import { hasLogWithChanges } from '@swespot/repo-sandbox';

/** Options of {@link countFolderCommits}. */
export interface CountFolderCommitsOptions {
  /** A reader of the snapshot (history up to the cutoff). */
  readonly reader: GitReaderV1;
  /** Start of the window: committer dates at or after it. Default: the first commit. */
  readonly since?: string | Date;
  /** End of the window. Default: no limit. */
  readonly until?: string | Date;
  readonly abortSignal?: AbortSignal;
}

/**
 * Commits per folder in a window: each non-merge commit counts once for every folder (and
 * parent folder) holding a file it changed, so a folder's count is the number of distinct
 * commits that touched it, not the sum over its files. The root folder is `''`.
 */
export async function countFolderCommits(options: CountFolderCommitsOptions): Promise<Map<string, number>> {
  const { reader, since, until, abortSignal } = options;
  const counts = new Map<string, number>();
  const logOptions = {
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(abortSignal ? { abortSignal } : {}),
  };
  const count = (paths: readonly string[]) => {
    const folders = new Set<string>(['']);
    for (const path of paths) {
      for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) folders.add(path.slice(0, slash));
    }
    for (const folder of folders) counts.set(folder, (counts.get(folder) ?? 0) + 1);
  };
  if (hasLogWithChanges(reader)) {
    for await (const { commit, files } of reader.logWithChanges(logOptions)) {
      if (commit.parents.length <= 1) count(files.map((file) => file.path));
    }
  } else {
    for await (const commit of reader.log(logOptions)) {
      if (commit.parents.length > 1) continue;
      count((await reader.diffNumstat(commit.parents[0] ?? null, commit.sha)).map((file) => file.path));
    }
  }
  return counts;
}

import type { GitReaderV1 } from '@swespot/core';
import { hasLogWithChanges } from '../git/git-repository-reader';

/** Options of {@link computeFileChurn}. */
export interface ComputeFileChurnOptions {
  readonly reader: GitReaderV1;
  /** Where history starts. Default: `HEAD`. */
  readonly ref?: string;
  /** Start of the window: committer dates at or after it. Default: the first commit. */
  readonly since?: string | Date;
  /** End of the window: committer dates at or before it. Default: no limit. */
  readonly until?: string | Date;
  /** Only these files or folders. Default: all. */
  readonly paths?: readonly string[];
  readonly abortSignal?: AbortSignal;
}

/** How often one file changed in a window. */
export interface FileChurn {
  readonly path: string;
  /** Commits that changed the file (merge commits are not counted: their side commits are). */
  readonly commits: number;
  /** Distinct author emails of those commits (lower-cased). */
  readonly authors: number;
  /** Lines added plus removed over those commits (binary changes count 0). */
  readonly linesChanged: number;
  /** Committer date of the newest of those commits, ISO 8601 UTC. */
  readonly lastChangedAt: string;
}

/**
 * Churn per file over a time window, for hotness: how many commits changed each file,
 * by how many distinct authors, and how many lines. Every commit reachable from `ref` in
 * the window counts once (merge commits are skipped so a pull request is not counted
 * twice); a rename counts for the new path. Sorted by commits, then lines, descending.
 */
export async function computeFileChurn(options: ComputeFileChurnOptions): Promise<FileChurn[]> {
  const { reader, ref, since, until, paths, abortSignal } = options;
  const totals = new Map<string, { commits: number; authors: Set<string>; linesChanged: number; lastChangedAt: string }>();
  const logOptions = {
    ...(ref === undefined ? {} : { ref }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(paths === undefined ? {} : { paths }),
    ...(abortSignal ? { abortSignal } : {}),
  };
  const add = (path: string, email: string, lines: number, date: string) => {
    let entry = totals.get(path);
    if (!entry) {
      entry = { commits: 0, authors: new Set(), linesChanged: 0, lastChangedAt: date };
      totals.set(path, entry);
    }
    entry.commits += 1;
    entry.authors.add(email.toLowerCase());
    entry.linesChanged += lines;
    if (date > entry.lastChangedAt) entry.lastChangedAt = date;
  };
  const inScope = (path: string) =>
    !paths || paths.some((wanted) => path === wanted || path.startsWith(`${wanted.replace(/\/+$/, '')}/`));
  if (hasLogWithChanges(reader)) {
    for await (const { commit, files } of reader.logWithChanges(logOptions)) {
      if (commit.parents.length > 1) continue;
      for (const file of files) {
        if (inScope(file.path)) add(file.path, commit.author.email, (file.added ?? 0) + (file.removed ?? 0), commit.committer.date);
      }
    }
  } else {
    for await (const commit of reader.log(logOptions)) {
      if (commit.parents.length > 1) continue;
      for (const file of await reader.diffNumstat(commit.parents[0] ?? null, commit.sha, { ...(paths ? { paths } : {}) })) {
        add(file.path, commit.author.email, (file.added ?? 0) + (file.removed ?? 0), commit.committer.date);
      }
    }
  }
  return [...totals.entries()]
    .map(([path, entry]) => ({
      path,
      commits: entry.commits,
      authors: entry.authors.size,
      linesChanged: entry.linesChanged,
      lastChangedAt: entry.lastChangedAt,
    }))
    .sort((left, right) => right.commits - left.commits || right.linesChanged - left.linesChanged || (left.path < right.path ? -1 : 1));
}

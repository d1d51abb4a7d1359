import type { GitChangeStatusV1, GitCommitV1, GitLogOptionsV1, GitReaderV1 } from '@swespot/core';

/** One file a commit changed against its first parent, with status and line counts. */
export interface GitFileChange {
  readonly status: GitChangeStatusV1;
  /** Path after the change (for deletions: the deleted path), UTF-8 decoded. */
  readonly path: string;
  /** Path before the change, for renames. */
  readonly oldPath?: string;
  /** Rename similarity, 0–100. */
  readonly similarity?: number;
  /** Lines added, or `null` for a binary file. */
  readonly added: number | null;
  /** Lines removed, or `null` for a binary file. */
  readonly removed: number | null;
}

/** A commit and the files it changed against its first parent (the empty tree for a root commit). */
export interface GitCommitChanges {
  readonly commit: GitCommitV1;
  readonly files: readonly GitFileChange[];
}

/** Options of {@link GitRepositoryReader.logWithChanges}. */
export interface GitLogWithChangesOptions extends GitLogOptionsV1 {
  /** Detect renames (git's `-M`, 50% similarity, rename limit 1000). Default: true. */
  readonly detectRenames?: boolean;
}

/**
 * A {@link GitReaderV1} with what `@swespot/repo-sandbox` adds on top: the commit log with
 * each commit's changed files in one stream (one `git log` process on the native backend),
 * and `close()` to stop the helper processes and drop caches.
 */
export interface GitRepositoryReader extends GitReaderV1 {
  /** `backend` is one of the two implementations. */
  readonly backend: 'git-cli' | 'isomorphic-git';
  /**
   * Like {@link GitReaderV1.log}, and each commit comes with its changed files, status and
   * line counts against its first parent (merges included), as
   * `git log --raw --numstat -M --diff-merges=first-parent --root` reports them.
   */
  logWithChanges(options?: GitLogWithChangesOptions): AsyncIterable<GitCommitChanges>;
  /** Stops helper processes (the native backend's `git cat-file --batch`) and drops caches. Idempotent. */
  close(): void;
}

/** True when `reader` offers {@link GitRepositoryReader.logWithChanges}. */
export function hasLogWithChanges(reader: GitReaderV1): reader is GitReaderV1 & Pick<GitRepositoryReader, 'logWithChanges'> {
  return typeof (reader as Partial<GitRepositoryReader>).logWithChanges === 'function';
}

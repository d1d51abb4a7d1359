/**
 * Change status of a file between two commits, as `git diff --name-status` prints it:
 * Added, Modified, Deleted, Renamed, Copied, Type changed (e.g. file → symlink).
 */
export type GitChangeStatusV1 = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

/** One changed file with its status. */
export interface GitNameStatusEntryV1 {
  readonly status: GitChangeStatusV1;
  /** Path after the change (for deletions: the deleted path). */
  readonly path: string;
  /** Path before the change, for renames and copies. */
  readonly oldPath?: string;
  /** Rename/copy similarity, 0–100. */
  readonly similarity?: number;
}

/** One changed file with its line counts, as `git diff --numstat` prints it. */
export interface GitNumstatEntryV1 {
  readonly path: string;
  readonly oldPath?: string;
  /** Lines added, or `null` for a binary file. */
  readonly added: number | null;
  /** Lines removed, or `null` for a binary file. */
  readonly removed: number | null;
}

/** Options of the diff queries. */
export interface GitDiffOptionsV1 {
  /** Only these paths (exact files or folders). Default: everything. */
  readonly paths?: readonly string[];
  /** Detect renames. Default: true. */
  readonly detectRenames?: boolean;
  /** Context lines around each hunk of a unified patch. Default: 3. */
  readonly contextLines?: number;
  readonly abortSignal?: AbortSignal;
}

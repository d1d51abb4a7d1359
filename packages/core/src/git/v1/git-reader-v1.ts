import type { GitCommitV1 } from './git-commit-v1';
import type { GitDiffOptionsV1, GitNameStatusEntryV1, GitNumstatEntryV1 } from './git-diff-v1';
import type { GitListTreeOptionsV1, GitTreeEntryV1 } from './git-tree-v1';

/** Options of {@link GitReaderV1.log}. */
export interface GitLogOptionsV1 {
  /** Where to start: a branch, tag or commit id. Default: `HEAD`. */
  readonly ref?: string;
  /** Follow first parents only (the mainline of a branch). Default: false. */
  readonly firstParent?: boolean;
  /** Only commits whose committer date is at or before this time (ISO string or Date). */
  readonly until?: string | Date;
  /** Only commits whose committer date is at or after this time. */
  readonly since?: string | Date;
  /** Only commits touching these paths. */
  readonly paths?: readonly string[];
  /** Stop after this many commits. */
  readonly maxCount?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * Version 1 of the read-only git contract every generator uses to read a repository
 * (always a snapshot at the cutoff, never the original clone).
 *
 * Implemented in `@swespot/repo-sandbox` with the git CLI (batched, streaming) and with
 * isomorphic-git; both pass one conformance suite.
 *
 * Diffs take `from = null` to mean "from the empty tree" (a root commit's changes).
 *
 * @example
 * ```ts
 * for await (const commit of git.log({ ref: 'main', firstParent: true, until: '2024-01-01' })) {
 *   const files = await git.diffNumstat(commit.parents[0] ?? null, commit.sha);
 * }
 * ```
 */
export interface GitReaderV1 {
  readonly specificationVersion: 'v1';
  /** The backend, e.g. `git-cli` or `isomorphic-git`. */
  readonly backend: string;
  /** The repository's folder on the host. */
  readonly directory: string;
  /** Resolves a ref (branch, tag, `HEAD`, abbreviated id) to a full commit id. Rejects when unknown. */
  resolveRef(ref: string, options?: { readonly abortSignal?: AbortSignal }): Promise<string>;
  /** Reads one commit. */
  readCommit(sha: string, options?: { readonly abortSignal?: AbortSignal }): Promise<GitCommitV1>;
  /** Commits reachable from `ref`, newest first (topological order for ties), streamed. */
  log(options?: GitLogOptionsV1): AsyncIterable<GitCommitV1>;
  /** A file's bytes at a commit, or `null` when the path does not exist there. */
  readFile(
    commit: string,
    path: string,
    options?: { readonly abortSignal?: AbortSignal },
  ): Promise<Uint8Array | null>;
  /** The tree of a commit. */
  listTree(commit: string, options?: GitListTreeOptionsV1): Promise<readonly GitTreeEntryV1[]>;
  /** Changed files with status between two commits. */
  diffNameStatus(
    from: string | null,
    to: string,
    options?: GitDiffOptionsV1,
  ): Promise<readonly GitNameStatusEntryV1[]>;
  /** Changed files with added/removed line counts between two commits. */
  diffNumstat(from: string | null, to: string, options?: GitDiffOptionsV1): Promise<readonly GitNumstatEntryV1[]>;
  /** The unified patch (`git diff` format, with `diff --git` headers) between two commits. */
  diffPatch(from: string | null, to: string, options?: GitDiffOptionsV1): Promise<string>;
}

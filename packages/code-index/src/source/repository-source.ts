/** One file of a repository snapshot. */
export interface RepositoryFile {
  /** Path from the repository root, `/`-separated. */
  readonly path: string;
  /** Git blob id of the content, when the source knows it without reading the file. */
  readonly blobSha?: string;
}

/**
 * A repository snapshot the indexer reads: a commit through a `GitReaderV1`
 * ({@link createGitRepositorySource}) or a folder on disk
 * ({@link createFileSystemRepositorySource}).
 */
export interface RepositorySource {
  /** The commit being indexed, when the source is a commit. */
  readonly commit?: string;
  /** Every regular file of the snapshot (no symlinks, no submodules). */
  listFiles(options?: { readonly abortSignal?: AbortSignal }): Promise<readonly RepositoryFile[]>;
  /** A file's bytes, or `null` when it does not exist. */
  readFile(path: string, options?: { readonly abortSignal?: AbortSignal }): Promise<Uint8Array | null>;
}

/** One entry of a tree listing. */
export interface GitTreeEntryV1 {
  /** Path from the repository root, `/`-separated, decoded as UTF-8 (see `rawPath`). */
  readonly path: string;
  /** The path's bytes, present only when they are not valid UTF-8. */
  readonly rawPath?: Uint8Array;
  /** Octal mode string: `100644`, `100755`, `120000` (symlink), `040000` (tree), `160000` (submodule). */
  readonly mode: string;
  /** `blob` (file or symlink), `tree` (folder) or `commit` (submodule entry). */
  readonly type: 'blob' | 'tree' | 'commit';
  /** Object id. */
  readonly sha: string;
}

/** Options of {@link GitReaderV1.listTree}. */
export interface GitListTreeOptionsV1 {
  /** Only entries under this folder. Default: the root. */
  readonly path?: string;
  /** Descend into sub-folders (then only blobs and submodules are listed). Default: true. */
  readonly recursive?: boolean;
  readonly abortSignal?: AbortSignal;
}

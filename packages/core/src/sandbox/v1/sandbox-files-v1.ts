/** One entry of a {@link SandboxExecutorV1.listFiles} listing. */
export interface SandboxFileEntryV1 {
  /** Path relative to the listed folder, with `/` separators. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  /** Size in bytes, for files. */
  readonly size?: number;
}

/** Options of {@link SandboxExecutorV1.listFiles}. */
export interface SandboxListFilesOptionsV1 {
  /** List sub-folders too. Default: false. */
  readonly recursive?: boolean;
  readonly abortSignal?: AbortSignal;
}

/** Options of file reads and writes. */
export interface SandboxFileOptionsV1 {
  readonly abortSignal?: AbortSignal;
}

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EmittedFile } from './emitted-file';

/** Options of {@link writeEmittedFiles}. */
export interface WriteEmittedFilesOptions {
  /** Stops before the next file. */
  abortSignal?: AbortSignal;
}

/**
 * Writes emitted files into `directory` (created when missing), executable ones with mode
 * 0755, and returns their paths.
 */
export async function writeEmittedFiles(directory: string, files: readonly EmittedFile[], options: WriteEmittedFilesOptions = {}): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    options.abortSignal?.throwIfAborted();
    const path = join(directory, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { signal: options.abortSignal });
    if (file.executable) await chmod(path, 0o755);
    written.push(path);
  }
  return written;
}

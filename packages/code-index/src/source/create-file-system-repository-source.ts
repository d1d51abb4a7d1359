import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepositoryFile, RepositorySource } from './repository-source';

/** Folders never indexed from a working tree: VCS data, dependencies, caches and build output. */
export const defaultIgnoredDirectories: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.pnpm-store',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.nx',
  '.turbo',
  '.next',
  'dist',
  'build',
  'coverage',
  '.eggs',
]);

/** Settings of {@link createFileSystemRepositorySource}. */
export interface FileSystemRepositorySourceSettings {
  /** The repository folder. */
  readonly directory: string;
  /** Folder names skipped anywhere in the tree. Default: {@link defaultIgnoredDirectories}. */
  readonly ignoredDirectories?: ReadonlySet<string>;
}

/**
 * A working tree on disk as a {@link RepositorySource}: every regular file below
 * `directory` except ignored folders (`.gitignore` is not read). Blob ids are computed from
 * the content when files are read. No I/O until used.
 */
export function createFileSystemRepositorySource({
  directory,
  ignoredDirectories = defaultIgnoredDirectories,
}: FileSystemRepositorySourceSettings): RepositorySource {
  return {
    async listFiles(options = {}): Promise<readonly RepositoryFile[]> {
      const files: RepositoryFile[] = [];
      const walk = async (relative: string): Promise<void> => {
        options.abortSignal?.throwIfAborted();
        const entries = await readdir(join(directory, relative), { withFileTypes: true });
        for (const entry of entries) {
          const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
          if (entry.isDirectory()) {
            if (!ignoredDirectories.has(entry.name)) await walk(path);
          } else if (entry.isFile()) files.push({ path });
        }
      };
      await walk('');
      return files.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
    },
    async readFile(path, options = {}) {
      try {
        return await readFile(join(directory, path), { signal: options.abortSignal });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

import type { Stats } from 'node:fs';
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { mapWithConcurrency } from '../map-with-concurrency';
import { hashReadBytes } from './git-blob-sha';
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
  /**
   * Remember the blob id of each file read, with the file's size, modification and change times
   * and inode (what git's index keeps), so that later `listFiles` calls of this source give the
   * blob ids of unchanged files from one `stat` each: an index run with a cache then reads only
   * the files that changed. A file modified less than 2 s before the read is not remembered, since
   * an edit within the same time stamp tick would look unchanged (git's "racily clean" rule).
   * Default: true.
   */
  readonly rememberBlobIds?: boolean;
}

/** What a source remembers of a file it read: the stat fields that change with its content, and its blob id. */
interface RememberedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly blobSha: string;
}

/** Time stamps this close to a read could repeat after an edit (2 s: FAT's resolution). */
const racyWindowMs = 2000;
/** `stat` calls at once when `listFiles` checks remembered files. */
const statConcurrency = 32;

/**
 * A working tree on disk as a {@link RepositorySource}: every regular file below
 * `directory` except ignored folders (`.gitignore` is not read). Blob ids are computed from
 * the content when files are read; with `rememberBlobIds` (the default), later listings give
 * the blob ids of files unchanged since this source read them. No I/O until used.
 *
 * @example
 * ```ts
 * const source = createFileSystemRepositorySource({ directory: '/path/to/repo' });
 * const cache = createMemoryIndexCache();
 * let { index } = await indexRepository({ source, cache });
 * // ... edit a file ...
 * ({ index } = await indexRepository({ source, cache, previous: index })); // reads the edited file only
 * ```
 */
export function createFileSystemRepositorySource({
  directory,
  ignoredDirectories = defaultIgnoredDirectories,
  rememberBlobIds = true,
}: FileSystemRepositorySourceSettings): RepositorySource {
  const remembered = new Map<string, RememberedFile>();
  return {
    async listFiles(options = {}): Promise<readonly RepositoryFile[]> {
      const paths: string[] = [];
      const walk = async (relative: string): Promise<void> => {
        options.abortSignal?.throwIfAborted();
        const entries = await readdir(join(directory, relative), { withFileTypes: true });
        for (const entry of entries) {
          const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
          if (entry.isDirectory()) {
            if (!ignoredDirectories.has(entry.name)) await walk(path);
          } else if (entry.isFile()) paths.push(path);
        }
      };
      await walk('');
      paths.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
      if (remembered.size === 0) return paths.map((path) => ({ path }));
      const listed = new Set(paths);
      for (const path of remembered.keys()) if (!listed.has(path)) remembered.delete(path);
      const files: RepositoryFile[] = paths.map((path) => ({ path }));
      await mapWithConcurrency(paths, statConcurrency, async (path, index) => {
        const known = remembered.get(path);
        if (known === undefined) return;
        options.abortSignal?.throwIfAborted();
        const stats = await stat(join(directory, path)).catch(() => undefined);
        if (stats !== undefined && sameFile(stats, known)) files[index] = { path, blobSha: known.blobSha };
        else remembered.delete(path);
      });
      return files;
    },
    async readFile(path, options = {}) {
      if (!rememberBlobIds) {
        try {
          return await readFile(join(directory, path), { signal: options.abortSignal });
        } catch (error) {
          return nullWhenMissing(error);
        }
      }
      const readAt = Date.now();
      let handle: FileHandle;
      try {
        handle = await open(join(directory, path), 'r');
      } catch (error) {
        remembered.delete(path);
        return nullWhenMissing(error);
      }
      try {
        // The stat comes first: an edit between it and the read moves the change time, so the
        // next listing's stat no longer matches what is remembered.
        const stats = await handle.stat();
        const bytes = await handle.readFile({ signal: options.abortSignal });
        if (stats.mtimeMs < readAt - racyWindowMs && bytes.byteLength === stats.size) {
          const { size, mtimeMs, ctimeMs, ino } = stats;
          remembered.set(path, { size, mtimeMs, ctimeMs, ino, blobSha: hashReadBytes(bytes) });
        } else remembered.delete(path);
        return bytes;
      } finally {
        await handle.close();
      }
    },
  };
}

function sameFile(stats: Stats, known: RememberedFile): boolean {
  return stats.isFile() && stats.size === known.size && stats.mtimeMs === known.mtimeMs && stats.ctimeMs === known.ctimeMs && stats.ino === known.ino;
}

function nullWhenMissing(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw error;
}

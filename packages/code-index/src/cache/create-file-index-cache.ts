import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileExtraction } from '../extract/extract-file';
import type { IndexCache } from './index-cache';

/** Settings of {@link createFileIndexCache}. */
export interface FileIndexCacheSettings {
  /** The cache folder; created on first write. */
  readonly directory: string;
}

/**
 * An {@link IndexCache} on disk: one JSON file per extraction under `directory`, written
 * through a temporary file and a rename so a killed run never leaves a torn entry. Safe when
 * several writers (workers of one run, or other processes) share the folder: each write has
 * its own temporary name, and an entry another writer finished first counts as written. An
 * unreadable entry counts as a miss. No I/O until used.
 */
export function createFileIndexCache({ directory }: FileIndexCacheSettings): IndexCache {
  const pathOf = (key: string) => join(directory, `${key}.json`);
  const created = new Set<string>();
  return {
    async get(key) {
      try {
        return JSON.parse(await readFile(pathOf(key), 'utf8')) as FileExtraction;
      } catch {
        return undefined;
      }
    },
    async set(key, extraction) {
      const path = pathOf(key);
      const folder = join(path, '..');
      if (!created.has(folder)) {
        await mkdir(folder, { recursive: true });
        created.add(folder);
      }
      // Unique per write, not per process: two workers of one run may write the same entry.
      const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(temporary, JSON.stringify(extraction));
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        // Entries are keyed by content, so one another writer finished holds the same extraction.
        if (!(await exists(path))) throw error;
      }
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

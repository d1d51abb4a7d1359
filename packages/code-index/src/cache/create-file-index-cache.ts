import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
 * through a temporary file and a rename so a killed run never leaves a torn entry. An
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
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(extraction));
      await rename(temporary, path);
    },
  };
}

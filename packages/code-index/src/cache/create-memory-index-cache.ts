import type { FileExtraction } from '../extract/extract-file';
import type { IndexCache } from './index-cache';

/** An {@link IndexCache} in memory, for re-indexing several commits in one process. Unbounded. */
export function createMemoryIndexCache(): IndexCache & { readonly size: number } {
  const entries = new Map<string, FileExtraction>();
  return {
    get size() {
      return entries.size;
    },
    get(key) {
      return Promise.resolve(entries.get(key));
    },
    set(key, extraction) {
      entries.set(key, extraction);
      return Promise.resolve();
    },
  };
}

import type { FileExtraction } from '../extract/extract-file';

/**
 * Where extractions of file contents are kept between index runs, keyed by
 * `<extractorVersion>/<language>/<blob id>`: a later commit re-parses only changed files.
 */
export interface IndexCache {
  get(key: string): Promise<FileExtraction | undefined>;
  set(key: string, extraction: FileExtraction): Promise<void>;
}

/** The cache key of a file's extraction. */
export function extractionCacheKey(extractorVersion: number, language: string, blobSha: string): string {
  return `${extractorVersion}/${language}/${blobSha}`;
}

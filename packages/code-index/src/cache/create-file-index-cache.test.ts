import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION, type FileExtraction } from '../extract/extract-file';
import { createFileIndexCache } from './create-file-index-cache';
import { extractionCacheKey } from './index-cache';

const directory = mkdtempSync(join(tmpdir(), 'code-index-cache-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const extraction = { extractorVersion: EXTRACTOR_VERSION, byteLength: 0, lineCount: 1 } as unknown as FileExtraction;

describe('createFileIndexCache', () => {
  it('lets many writers of one process write the same entry at once, leaving one entry and no temporary files', async () => {
    const key = extractionCacheKey(EXTRACTOR_VERSION, 'python', 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    // Two caches on one folder stand for two runs; several writes each for the workers of a run.
    const caches = [createFileIndexCache({ directory }), createFileIndexCache({ directory })];
    await Promise.all(Array.from({ length: 16 }, (_, index) => (caches[index % 2] as (typeof caches)[number]).set(key, extraction)));
    expect(await (caches[0] as (typeof caches)[number]).get(key)).toEqual(extraction);
    expect(readdirSync(join(directory, String(EXTRACTOR_VERSION), 'python'))).toEqual(['e69de29bb2d1d6434b8b29ae775ad8c2e48c5391.json']);
  });
});

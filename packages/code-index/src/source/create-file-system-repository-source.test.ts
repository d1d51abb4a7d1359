import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceRepository } from '../__fixtures__/read-reference-labels';
import { createMemoryIndexCache } from '../cache/create-memory-index-cache';
import { indexRepository } from '../index-repository';
import { createFileSystemRepositorySource } from './create-file-system-repository-source';
import type { RepositorySource } from './repository-source';

const temporary: string[] = [];
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

/** A folder of files whose time stamps are an hour old, so a source may remember their blob ids. */
function agedFolder(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'code-index-source-'));
  temporary.push(directory);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(directory, path, '..'), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  age(directory, Object.keys(files));
  return directory;
}

const anHourAgo = new Date(Date.now() - 3_600_000);
function age(directory: string, paths: readonly string[]): void {
  for (const path of paths) utimesSync(join(directory, path), anHourAgo, anHourAgo);
}

const hashObject = (directory: string, path: string) => execFileSync('git', ['hash-object', join(directory, path)], { encoding: 'utf8' }).trim();

async function readAll(source: RepositorySource): Promise<void> {
  for (const file of await source.listFiles()) await source.readFile(file.path);
}

/** The blob ids a listing gives without reading, by path. */
async function listedBlobIds(source: RepositorySource): Promise<Record<string, string | undefined>> {
  return Object.fromEntries((await source.listFiles()).map((file) => [file.path, file.blobSha]));
}

describe('createFileSystemRepositorySource', () => {
  it('gives the blob ids of files unchanged since it read them, as git computes them', async () => {
    const directory = agedFolder({ 'a.py': 'x = 1\n', 'pkg/b.py': 'y = 2\n' });
    const source = createFileSystemRepositorySource({ directory });
    expect(await listedBlobIds(source)).toEqual({ 'a.py': undefined, 'pkg/b.py': undefined });
    await readAll(source);
    expect(await listedBlobIds(source)).toEqual({ 'a.py': hashObject(directory, 'a.py'), 'pkg/b.py': hashObject(directory, 'pkg/b.py') });
  });

  it('forgets a file edited to the same size and given back its time stamps (its change time moved), replaced, or deleted', async () => {
    const directory = agedFolder({ 'same-size.py': 'x = 1\n', 'replaced.py': 'y = 2\n', 'deleted.py': 'z = 3\n', 'kept.py': 'k = 4\n' });
    const source = createFileSystemRepositorySource({ directory });
    await readAll(source);
    writeFileSync(join(directory, 'same-size.py'), 'x = 9\n');
    writeFileSync(join(directory, 'replacement'), 'y = 2\n');
    renameSync(join(directory, 'replacement'), join(directory, 'replaced.py'));
    age(directory, ['same-size.py', 'replaced.py']);
    rmSync(join(directory, 'deleted.py'));
    expect(await listedBlobIds(source)).toEqual({ 'kept.py': hashObject(directory, 'kept.py'), 'replaced.py': undefined, 'same-size.py': undefined });
    // Read again, the files are remembered with their new content.
    await readAll(source);
    expect((await listedBlobIds(source))['same-size.py']).toBe(hashObject(directory, 'same-size.py'));
  });

  it('does not remember a file written within 2 s of the read, nor any file with rememberBlobIds: false', async () => {
    const directory = agedFolder({ 'old.py': 'x = 1\n' });
    writeFileSync(join(directory, 'fresh.py'), 'y = 2\n');
    const source = createFileSystemRepositorySource({ directory });
    await readAll(source);
    expect(await listedBlobIds(source)).toEqual({ 'fresh.py': undefined, 'old.py': hashObject(directory, 'old.py') });
    const forgetful = createFileSystemRepositorySource({ directory, rememberBlobIds: false });
    await readAll(forgetful);
    expect(await listedBlobIds(forgetful)).toEqual({ 'fresh.py': undefined, 'old.py': undefined });
    expect(await forgetful.readFile('missing.py')).toBeNull();
    expect(await source.readFile('missing.py')).toBeNull();
  });

  it('lets a re-index with a cache read only the edited file, with the same index as a fresh source', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'code-index-source-'));
    temporary.push(directory);
    cpSync(referenceRepository, directory, { recursive: true });
    age(directory, (await createFileSystemRepositorySource({ directory }).listFiles()).map((file) => file.path));
    const base = createFileSystemRepositorySource({ directory });
    const read: string[] = [];
    const source: RepositorySource = {
      listFiles: (options) => base.listFiles(options),
      readFile: (path, options) => {
        read.push(path);
        return base.readFile(path, options);
      },
    };
    const cache = createMemoryIndexCache();
    const cold = await indexRepository({ source, cache });
    const sourceFiles = cold.index.files.map((file) => file.path);
    expect(read).toEqual(expect.arrayContaining(sourceFiles));

    const edited = join(directory, 'src/shapes/geometry.py');
    writeFileSync(edited, `# moves every line down\n${readFileSync(edited, 'utf8')}`);
    read.length = 0;
    const again = await indexRepository({ source, cache, previous: cold.index });
    expect(read.filter((path) => sourceFiles.includes(path))).toEqual(['src/shapes/geometry.py']);
    expect(again.statistics.parsedFiles).toBe(1);
    const fresh = await indexRepository({ source: directory, cache: createMemoryIndexCache() });
    expect(JSON.stringify(again.index.toRecord().files)).toBe(JSON.stringify(fresh.index.toRecord().files));
  });
});

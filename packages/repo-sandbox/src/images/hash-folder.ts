import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files that differ between two copies of one snapshot without differing in content: git's
 * index (a cache of file timestamps and inodes), the snapshot manifest (it names the folder),
 * git's object store (two packings of the same objects differ byte for byte: pack-objects orders
 * and deltifies them differently run to run; the refs and `shallow`, which are hashed, name the
 * commits and so every object reachable from them) with what is derived from it or from the
 * refs (`info/refs`), and the reflogs (`logs`: when this clone moved its refs).
 */
export const FOLDER_HASH_IGNORED: readonly string[] = ['.git/index', '.git/swespot-snapshot.json', '.git/objects', '.git/info/refs', '.git/logs'];

/**
 * A content hash of a folder (sha256, hex): every entry's relative path, kind, executable
 * bit and content (or link target), in sorted order. Timestamps and owners do not count, nor
 * the paths in `ignore` (default {@link FOLDER_HASH_IGNORED}), so two copies of one snapshot in
 * two folders hash the same.
 */
export async function hashFolder(folder: string, { abortSignal, ignore = FOLDER_HASH_IGNORED }: { abortSignal?: AbortSignal; ignore?: readonly string[] } = {}): Promise<string> {
  const ignored = new Set(ignore);
  const hash = createHash('sha256');
  const walk = async (absolute: string, relative: string): Promise<void> => {
    for (const name of (await readdir(absolute)).sort()) {
      abortSignal?.throwIfAborted();
      const path = join(absolute, name);
      const key = relative ? `${relative}/${name}` : name;
      if (ignored.has(key)) continue;
      const stats = await lstat(path);
      if (stats.isSymbolicLink()) {
        hash.update(`l\0${key}\0${await readlink(path)}\0`);
      } else if (stats.isDirectory()) {
        hash.update(`d\0${key}\0`);
        await walk(path, key);
      } else if (stats.isFile()) {
        hash.update(`f\0${key}\0${stats.mode & 0o111 ? 'x' : '-'}\0${stats.size}\0`);
        for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      }
    }
  };
  await walk(folder, '');
  return hash.digest('hex');
}

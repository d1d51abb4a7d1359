import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A content hash of a folder (sha256, hex): every entry's relative path, kind, executable
 * bit and content (or link target), in sorted order. Timestamps and owners do not count, so
 * two checkouts of one snapshot hash the same.
 */
export async function hashFolder(folder: string, { abortSignal }: { abortSignal?: AbortSignal } = {}): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (absolute: string, relative: string): Promise<void> => {
    for (const name of (await readdir(absolute)).sort()) {
      abortSignal?.throwIfAborted();
      const path = join(absolute, name);
      const key = relative ? `${relative}/${name}` : name;
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

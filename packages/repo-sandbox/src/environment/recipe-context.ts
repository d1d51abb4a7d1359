import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecipeFieldSource } from '@swespot/core';

/**
 * What one inference run has read: files with their hashes (and files looked for but absent),
 * and where each field came from. The recipe's `sources` and `origins` are taken from here.
 */
export class RecipeContext {
  private readonly read = new Map<string, string | null>();
  readonly origins: Record<string, RecipeFieldSource> = {};
  readonly notes: string[] = [];

  constructor(readonly root: string) {}

  /** Reads a file relative to the root (recording its hash), or undefined when absent. */
  async readText(path: string): Promise<string | undefined> {
    try {
      const bytes = await readFile(join(this.root, path));
      this.read.set(path, createHash('sha256').update(bytes).digest('hex'));
      return bytes.toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
      if (!this.read.has(path)) this.read.set(path, null);
      return undefined;
    }
  }

  /** Reads a file without recording it as a source (for hints that do not decide the recipe's inputs), or undefined. */
  async peek(path: string): Promise<string | undefined> {
    return readFile(join(this.root, path), 'utf8').catch(() => undefined);
  }

  /**
   * The names in a folder relative to the root (empty when absent). The listing is recorded as
   * a source (`folder/` with a hash of the names), so adding or removing a file there counts
   * as a change of the recipe's sources.
   */
  async list(path: string): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(join(this.root, path))).sort();
    } catch {
      names = [];
    }
    const key = path === '.' ? './' : `${path}/`;
    this.read.set(key, hashNames(names));
    return names;
  }

  /** Whether a file or folder exists, recorded as a source (a folder gets a null hash too). */
  async exists(path: string): Promise<boolean> {
    try {
      await readdir(join(this.root, path));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return (await this.readText(path)) !== undefined;
      return false;
    }
  }

  /** Records where a field's value came from. */
  from(field: string, file: string, key?: string): void {
    this.origins[field] = key === undefined ? { file } : { file, key };
  }

  /** The files read, sorted by path. */
  sources(): { path: string; sha256: string | null }[] {
    return [...this.read.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([path, sha256]) => ({ path, sha256 }));
  }
}

/** The hash recorded for a folder listing. */
export function hashNames(names: readonly string[]): string {
  return createHash('sha256').update([...names].sort().join('\0')).digest('hex');
}

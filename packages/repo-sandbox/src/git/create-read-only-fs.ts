import nodeFs from 'node:fs';
import { basename, dirname } from 'node:path';

/** A promise-based file system client as isomorphic-git takes it (`{ promises: { readFile, ... } }`). */
export interface ReadOnlyFs {
  readonly promises: {
    readonly readFile: (...args: never[]) => Promise<unknown>;
    readonly writeFile: (...args: never[]) => Promise<unknown>;
    readonly unlink: (...args: never[]) => Promise<unknown>;
    readonly readdir: (...args: never[]) => Promise<unknown>;
    readonly mkdir: (...args: never[]) => Promise<unknown>;
    readonly rmdir: (...args: never[]) => Promise<unknown>;
    readonly stat: (...args: never[]) => Promise<unknown>;
    readonly lstat: (...args: never[]) => Promise<unknown>;
    readonly readlink: (...args: never[]) => Promise<unknown>;
    readonly symlink: (...args: never[]) => Promise<unknown>;
  };
}

const LOOSE_OBJECT = /[/\\]objects[/\\][0-9a-f]{2}[/\\][0-9a-f]{38}$/;

function notFound(path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, open '${path}'`);
  error.code = 'ENOENT';
  return error;
}

/**
 * A read-only file system client for isomorphic-git that remembers directory listings and
 * `stat` answers, and answers a lookup of a loose object that is not there from the
 * remembered listing instead of a failed `open(2)`. isomorphic-git looks for every object as
 * a loose file before it reads a pack and lists `objects/pack` on every read; in a packed
 * repository that is most of its time. The repository must not change while the client is
 * used (a snapshot does not); writes are refused.
 */
export function createReadOnlyFs(): ReadOnlyFs {
  const listings = new Map<string, Promise<string[]>>();
  const stats = new Map<string, Promise<nodeFs.Stats>>();
  const looseNames = new Map<string, Promise<Set<string>>>();
  const readdir = (path: string): Promise<string[]> => {
    let listing = listings.get(path);
    if (!listing) {
      listing = nodeFs.promises.readdir(path);
      listings.set(path, listing);
    }
    return listing;
  };
  const refuse = async (): Promise<never> => {
    throw new Error('This file system client is read-only: isomorphic-git tried to write while reading a repository.');
  };
  return {
    promises: {
      readFile: (async (path: string, options?: unknown) => {
        if (typeof path !== 'string') throw new TypeError('path must be a string');
        if (LOOSE_OBJECT.test(path)) {
          const folder = dirname(path);
          let names = looseNames.get(folder);
          if (!names) {
            names = nodeFs.promises.readdir(folder).then(
              (list) => new Set(list),
              () => new Set<string>(),
            );
            looseNames.set(folder, names);
          }
          if (!(await names).has(basename(path))) throw notFound(path);
        }
        return nodeFs.promises.readFile(path, options as never);
      }) as never,
      readdir: (async (path: string) => [...(await readdir(path))]) as never,
      stat: ((path: string) => {
        let stat = stats.get(path);
        if (!stat) {
          stat = nodeFs.promises.stat(path);
          stats.set(path, stat);
        }
        return stat;
      }) as never,
      lstat: ((path: string) => nodeFs.promises.lstat(path)) as never,
      readlink: ((path: string) => nodeFs.promises.readlink(path)) as never,
      writeFile: refuse as never,
      mkdir: refuse as never,
      rmdir: refuse as never,
      unlink: refuse as never,
      symlink: refuse as never,
    },
  };
}

import { chown, lstat, mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import type { SandboxFileEntryV1, SandboxListFilesOptionsV1 } from '@swespot/core';
import { InvalidArgumentError, SwespotError } from '@swespot/core';

/** A folder of the sandbox that lives on the host: `sandboxPath` inside is `hostPath` outside. */
export interface HostMount {
  readonly sandboxPath: string;
  readonly hostPath: string;
  /** Whether the sandbox may write there. */
  readonly writable: boolean;
}

/** Maps sandbox paths to host paths for backends whose files are host folders (local, bubblewrap). */
export interface HostFiles {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, content: string | Uint8Array): Promise<void>;
  listFiles(path: string, options?: SandboxListFilesOptionsV1): Promise<readonly SandboxFileEntryV1[]>;
}

function isInside(child: string, parent: string): boolean {
  const rest = relative(parent, child);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !rest.startsWith(sep));
}

/**
 * File access for a sandbox made of host folders. Paths are resolved against `workdir`,
 * mapped through `mounts` (the longest matching `sandboxPath` wins), and refused when they
 * fall outside every mount, or when a symbolic link would carry a write outside its mount.
 */
export function createHostFiles({
  workdir,
  mounts,
  provider,
  owner,
}: {
  workdir: string;
  mounts: readonly HostMount[];
  provider: string;
  /** Files and folders written from outside are given to this user, so the sandboxed user can change them. */
  owner?: { readonly uid: number; readonly gid: number };
}): HostFiles {
  const sorted = [...mounts].sort((left, right) => right.sandboxPath.length - left.sandboxPath.length);

  function map(path: string): { mount: HostMount; hostPath: string; sandboxPath: string } {
    const sandboxPath = posix.resolve(workdir, path);
    for (const mount of sorted) {
      const rest = posix.relative(mount.sandboxPath, sandboxPath);
      if (rest === '' || (!rest.startsWith('../') && rest !== '..')) {
        return { mount, hostPath: rest === '' ? mount.hostPath : join(mount.hostPath, ...rest.split('/')), sandboxPath };
      }
    }
    throw new InvalidArgumentError({
      argument: 'path',
      message: `${sandboxPath}: outside the ${provider} sandbox's files (${sorted.map((mount) => mount.sandboxPath).join(', ')}); use a path under ${workdir}.`,
    });
  }

  /** Resolves symbolic links in the deepest existing ancestor and checks it stays in the mount. */
  async function assertContained(hostPath: string, mount: HostMount, sandboxPath: string): Promise<void> {
    const mountReal = await realpath(mount.hostPath);
    let probe = hostPath;
    for (;;) {
      try {
        const real = await realpath(probe);
        if (!isInside(real, mountReal)) {
          throw new InvalidArgumentError({
            argument: 'path',
            message: `${sandboxPath}: a symbolic link leads outside ${mount.sandboxPath}; refusing to write through it.`,
          });
        }
        return;
      } catch (error) {
        if (InvalidArgumentError.isInstance(error)) throw error;
        const parent = dirname(probe);
        if (parent === probe) return;
        probe = parent;
      }
    }
  }

  return {
    async readFile(path) {
      const { hostPath, sandboxPath } = map(path);
      try {
        return new Uint8Array(await readFile(hostPath));
      } catch (error) {
        throw new SwespotError({ message: `${sandboxPath}: cannot read (${(error as Error).message}).`, cause: error });
      }
    },
    async writeFile(path, content) {
      const { mount, hostPath, sandboxPath } = map(path);
      if (!mount.writable) {
        throw new InvalidArgumentError({
          argument: 'path',
          message: `${sandboxPath}: read-only in the ${provider} sandbox; write under ${workdir} or /tmp.`,
        });
      }
      await assertContained(hostPath, mount, sandboxPath);
      const firstCreated = await mkdir(dirname(hostPath), { recursive: true });
      await assertContained(hostPath, mount, sandboxPath);
      await writeFile(hostPath, content);
      if (owner) {
        await chown(hostPath, owner.uid, owner.gid);
        // Folders that mkdir created, from the deepest up to the first.
        if (firstCreated !== undefined) {
          for (let folder = dirname(hostPath); isInside(folder, firstCreated); folder = dirname(folder)) {
            await chown(folder, owner.uid, owner.gid);
            if (folder === firstCreated) break;
          }
        }
      }
    },
    async listFiles(path, options = {}) {
      const { hostPath, sandboxPath } = map(path);
      const entries: SandboxFileEntryV1[] = [];
      const walk = async (folder: string, prefix: string): Promise<void> => {
        const names = (await readdir(folder)).sort();
        for (const name of names) {
          const full = join(folder, name);
          const relativePath = prefix ? `${prefix}/${name}` : name;
          const stats = await lstat(full);
          const type = stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
          entries.push(type === 'file' ? { path: relativePath, type, size: stats.size } : { path: relativePath, type });
          if (type === 'directory' && options.recursive) await walk(full, relativePath);
        }
      };
      try {
        await walk(hostPath, '');
      } catch (error) {
        throw new SwespotError({ message: `${sandboxPath}: cannot list (${(error as Error).message}).`, cause: error });
      }
      return entries;
    },
  };
}

import { constants } from 'node:fs';
import { access, lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';

/** Options of {@link claimOutputFolder} and {@link claimOutputFile}. */
export interface ClaimOutputPathOptions {
  /** The option or argument the path came from, named in errors (e.g. `--out`, `into`). Default: `out`. */
  readonly argument?: string;
}

/** A folder a run writes into, with a way to take back exactly what the run put there. */
export interface OutputFolderClaim {
  /** The folder, absolute. */
  readonly path: string;
  /** True when this claim made the folder (or one of its parents). */
  readonly created: boolean;
  /** The names in the folder when it was claimed (empty when created). */
  readonly entries: readonly string[];
  /**
   * Removes what the run put there, and nothing else: the folders the claim made, or, in a
   * folder that existed, the entries that were not there when it was claimed.
   */
  discard(): Promise<void>;
}

/** A file a run writes, with a way to take it back when the run fails. */
export interface OutputFileClaim {
  /** The file, absolute. */
  readonly path: string;
  /** True when the file was there before the claim (a resumed run); `discard` then leaves it. */
  readonly existed: boolean;
  /** Removes the file when this run created it, and the parent folders the claim made. */
  discard(): Promise<void>;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    // ENOTDIR: a parent is a file; the walk up to the nearest existing part says which.
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function refuse(argument: string, message: string, cause?: unknown): never {
  throw new InvalidArgumentError({ argument, message: `${argument}: ${message}`, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Makes the folders from the nearest existing ancestor down to `path`, one `mkdir` at a time
 * (a recursive `mkdir` under `/proc` spins forever), after checking that the ancestor is a
 * writable folder. Returns the first folder made.
 */
async function makeFolders(path: string, argument: string): Promise<string> {
  const missing: string[] = [];
  let ancestor = path;
  let info = await statOrUndefined(ancestor);
  while (info === undefined) {
    missing.unshift(ancestor);
    const parent = dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
    info = await statOrUndefined(ancestor);
  }
  if (info === undefined) refuse(argument, `cannot create ${path}: no part of it exists.`);
  if (!info.isDirectory()) refuse(argument, `cannot create ${path}: ${ancestor} is a file, not a folder.`);
  try {
    await access(ancestor, constants.W_OK);
  } catch (error) {
    refuse(argument, `cannot create ${path}: the folder ${ancestor} is not writable (${codeOf(error) ?? String(error)}); choose a folder you can write to.`, error);
  }
  const made: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
      made.push(folder);
    } catch (error) {
      if (made[0] !== undefined) await rm(made[0], { recursive: true, force: true });
      refuse(argument, `cannot create ${folder} in ${dirname(folder)} (${codeOf(error) ?? String(error)}); choose a folder you can write to.`, error);
    }
  }
  return missing[0]!;
}

/**
 * Claims a folder for a run's output, before anything is written: a folder that exists is
 * taken as it is (the caller judges its content), a missing one is made with its parents.
 * Refuses, naming `argument`, a path that is a file, or one whose parent is a file, missing
 * rights or a file system that does not take new folders (like `/proc`).
 *
 * The claim's `discard()` undoes exactly the run's part: a run that fails or is interrupted
 * never deletes a folder, or a file, that the user had before.
 *
 * @throws {InvalidArgumentError} for a path that cannot be a writable folder.
 */
export async function claimOutputFolder(path: string, options: ClaimOutputPathOptions = {}): Promise<OutputFolderClaim> {
  const argument = options.argument ?? 'out';
  const folder = resolve(path);
  const info = await statOrUndefined(folder).catch((error: unknown) => refuse(argument, `cannot use ${folder} (${codeOf(error) ?? String(error)}).`, error));
  if (info !== undefined) {
    if (!info.isDirectory()) refuse(argument, `${folder} is a file, not a folder; give a new or empty folder (the file was left as it is).`);
    try {
      await access(folder, constants.W_OK);
    } catch (error) {
      refuse(argument, `the folder ${folder} is not writable (${codeOf(error) ?? String(error)}); choose a folder you can write to.`, error);
    }
    const entries = await readdir(folder);
    const before = new Set(entries);
    return {
      path: folder,
      created: false,
      entries,
      async discard() {
        for (const name of await readdir(folder).catch(() => [] as string[])) {
          if (!before.has(name)) await rm(join(folder, name), { recursive: true, force: true });
        }
      },
    };
  }
  const first = await makeFolders(folder, argument);
  return {
    path: folder,
    created: true,
    entries: [],
    async discard() {
      await rm(first, { recursive: true, force: true });
    },
  };
}

/**
 * Claims a file for a run's output: an existing file is kept (a resumed run appends to it),
 * a missing one's parent folders are made. Refuses, naming `argument`, a path that is a
 * folder or cannot be written. The claim's `discard()` removes the file only when this run
 * created it (and the parent folders it made), so a failed first run leaves nothing behind.
 *
 * @throws {InvalidArgumentError} for a path that cannot be a writable file.
 */
export async function claimOutputFile(path: string, options: ClaimOutputPathOptions = {}): Promise<OutputFileClaim> {
  const argument = options.argument ?? 'out';
  const file = resolve(path);
  const info = await lstat(file).catch((error: unknown) => (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR' ? undefined : refuse(argument, `cannot use ${file} (${codeOf(error) ?? String(error)}).`, error)));
  if (info !== undefined) {
    if (info.isDirectory()) refuse(argument, `${file} is a folder; give a file name, e.g. ${join(file, 'out.jsonl')}.`);
    try {
      await access(file, constants.W_OK);
    } catch (error) {
      refuse(argument, `the file ${file} is not writable (${codeOf(error) ?? String(error)}).`, error);
    }
    return { path: file, existed: true, discard: async () => undefined };
  }
  const parent = await claimOutputFolder(dirname(file), { argument });
  return {
    path: file,
    existed: false,
    async discard() {
      await rm(file, { force: true });
      if (parent.created) await parent.discard();
    },
  };
}

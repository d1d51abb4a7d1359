import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, SandboxCommandError } from '@swespot/core';
import { claimOutputFolder } from '../output-path/claim-output-path';
import { SNAPSHOT_MANIFEST } from './create-snapshot';

/**
 * How {@link copySnapshot} copies:
 * - `link-objects` (default): git's object files are hard-linked (git never changes an
 *   object file in place, only adds and deletes them, like `git clone --local`), and
 *   everything else (work tree, index, refs, config) is copied, as copy-on-write reflinks
 *   where the file system has them (btrfs, XFS, APFS) and as plain copies elsewhere;
 * - `copy`: everything is copied (reflinks where possible), nothing is shared.
 */
export type CopySnapshotMethod = 'link-objects' | 'copy';

/** Options of {@link copySnapshot}. */
export interface CopySnapshotOptions {
  /** A snapshot made by `createSnapshot`. */
  readonly from: string;
  /** A new or empty folder for the copy. */
  readonly into: string;
  /** See {@link CopySnapshotMethod}. Default: `link-objects`. */
  readonly method?: CopySnapshotMethod;
  readonly abortSignal?: AbortSignal;
}

/**
 * A cheap per-task copy of a snapshot: a complete, independent repository and work tree
 * (its own index, refs and config), made with GNU `cp` (`--reflink=auto`, and `-l` for the
 * object files with `link-objects`). Changing, adding or deleting files, committing or
 * resetting in the copy leaves the snapshot untouched; only `chmod` on a hard-linked
 * object file would reach the shared inode (use method `copy` when tasks may do that).
 *
 * @throws {InvalidArgumentError} when `from` is not a snapshot or `into` is a file, cannot be
 *   made or is not empty. A failed copy removes only what it made.
 */
export async function copySnapshot(options: CopySnapshotOptions): Promise<{ directory: string; method: CopySnapshotMethod }> {
  const { method = 'link-objects', abortSignal } = options;
  const from = resolve(options.from);
  const into = resolve(options.into);
  const isSnapshot = await stat(join(from, '.git', SNAPSHOT_MANIFEST)).then(
    () => true,
    () => false,
  );
  if (!isSnapshot) {
    throw new InvalidArgumentError({ message: `${from} is not a snapshot made by createSnapshot (no .git/${SNAPSHOT_MANIFEST}).`, argument: 'from' });
  }
  const claim = await claimOutputFolder(into, { argument: 'into' });
  if (claim.entries.length > 0) throw new InvalidArgumentError({ message: `${into} is not empty; give a new folder for the copy.`, argument: 'into' });
  try {
    // Names go to cp as whole folders (`from/.`), so non-UTF-8 file names survive.
    if (method === 'link-objects') {
      await mkdir(join(into, '.git'));
      await cp(['-a', '-l', join(from, '.git', 'objects'), join(into, '.git', 'objects')], abortSignal);
      // -n leaves the linked object files alone and copies everything else.
      await cp(['-a', '-n', '--reflink=auto', `${from}/.`, `${into}/`], abortSignal);
    } else {
      await cp(['-a', '--reflink=auto', `${from}/.`, `${into}/`], abortSignal);
    }
    return { directory: into, method };
  } catch (error) {
    // Only what this copy made: an empty folder the caller gave stays.
    await claim.discard();
    throw error;
  }
}

function cp(args: string[], abortSignal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile('cp', args, { ...(abortSignal ? { signal: abortSignal } : {}) }, (error, _stdout, stderr) => {
      if (error) reject(new SandboxCommandError({ command: ['cp', ...args], exitCode: typeof error.code === 'number' ? error.code : undefined, stderr, cause: error }));
      else resolvePromise();
    });
  });
}

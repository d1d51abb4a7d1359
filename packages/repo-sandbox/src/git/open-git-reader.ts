import { UnsupportedCapabilityError } from '@swespot/core';
import { assertRepositoryFolder } from './assert-repository-folder';
import { findGitBinary } from './find-git-binary';
import { createGitCliReader } from './git-cli-reader';
import type { GitRepositoryReader } from './git-repository-reader';
import { createIsomorphicGitReader, type IsomorphicGitCache } from './isomorphic-git-reader';

/** Which implementation reads the repository: `auto` picks `git-cli` when a git executable runs, else `isomorphic-git`. */
export type GitBackendChoice = 'auto' | 'git-cli' | 'isomorphic-git';

/** Options of {@link openGitReader}. */
export interface OpenGitReaderOptions {
  /** The repository: a work tree (with `.git`) or a bare repository folder. */
  readonly directory: string;
  /**
   * The backend. Default: `auto`, or the `SWESPOT_GIT_BACKEND` environment variable
   * (`git-cli` or `isomorphic-git`) when set.
   */
  readonly backend?: GitBackendChoice;
  /** The git executable for `git-cli`. Default: `git` on `PATH`. */
  readonly gitBinary?: string;
  /** A cache shared between isomorphic-git readers (see {@link IsomorphicGitCache}). */
  readonly cache?: IsomorphicGitCache;
  readonly abortSignal?: AbortSignal;
}

/**
 * Opens a {@link GitRepositoryReader} on `directory`: the native git CLI when a `git`
 * executable runs on this machine, isomorphic-git otherwise; `backend` overrides the choice.
 * Call `close()` on the reader when done.
 *
 * @throws {InvalidArgumentError} `no such folder: PATH` when `directory` is not a folder.
 * @throws {UnsupportedCapabilityError} when `backend` is `git-cli` and no git executable runs.
 */
export async function openGitReader(options: OpenGitReaderOptions): Promise<GitRepositoryReader> {
  const { directory, gitBinary, cache, abortSignal } = options;
  abortSignal?.throwIfAborted();
  await assertRepositoryFolder(directory, 'directory');
  const fromEnvironment = process.env.SWESPOT_GIT_BACKEND;
  const backend =
    options.backend ?? (fromEnvironment === 'git-cli' || fromEnvironment === 'isomorphic-git' ? fromEnvironment : 'auto');
  if (backend === 'isomorphic-git') return createIsomorphicGitReader({ directory, ...(cache ? { cache } : {}) });
  const version = await findGitBinary(gitBinary);
  if (version) return createGitCliReader({ directory, ...(gitBinary ? { gitBinary } : {}) });
  if (backend === 'git-cli') {
    throw new UnsupportedCapabilityError({
      message: `No git executable runs here (tried ${JSON.stringify(gitBinary ?? 'git')}): install git, pass gitBinary, or use backend 'isomorphic-git'.`,
      capability: 'git-cli',
      provider: 'git-cli',
    });
  }
  return createIsomorphicGitReader({ directory, ...(cache ? { cache } : {}) });
}

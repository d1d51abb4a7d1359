import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';

/**
 * Checks that a repository path is a folder before git runs in it: git started in a missing
 * folder fails as `spawn git ENOENT`, which reads as "git is not installed".
 *
 * @throws {InvalidArgumentError} `no such folder: PATH`, or `PATH is a file, not a repository folder`.
 */
export async function assertRepositoryFolder(path: string, argument = 'repo'): Promise<void> {
  const folder = resolve(path);
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError({
      argument,
      message: code === 'ENOENT' || code === 'ENOTDIR' ? `no such folder: ${folder}` : `cannot read the folder ${folder} (${code ?? String(error)})`,
      cause: error,
    });
  }
  if (!info.isDirectory()) throw new InvalidArgumentError({ argument, message: `${folder} is a file, not a repository folder` });
}

import { execFile } from 'node:child_process';

const found = new Map<string, Promise<string | undefined>>();

/**
 * Checks that a git executable can run (`git --version`) and returns its version line,
 * e.g. `git version 2.39.5`, or `undefined` when there is none. The answer is remembered
 * per executable for the life of the process.
 *
 * @param gitBinary the executable. Default: `git` on `PATH`.
 */
export function findGitBinary(gitBinary = 'git'): Promise<string | undefined> {
  let result = found.get(gitBinary);
  if (!result) {
    result = new Promise((resolve) => {
      execFile(gitBinary, ['--version'], { timeout: 10_000 }, (error, stdout) => {
        resolve(error ? undefined : stdout.trim());
      });
    });
    found.set(gitBinary, result);
  }
  return result;
}

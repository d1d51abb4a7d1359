import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SandboxCommandError } from '@swespot/core';

/** Options of {@link runGit}. */
export interface RunGitOptions {
  /** The folder git runs in (`git -C`). */
  readonly cwd: string;
  /** The git executable. Default: `git` (looked up on `PATH`). */
  readonly gitBinary?: string;
  /** Bytes written to git's standard input, which is then closed. */
  readonly input?: string | Uint8Array;
  /** Exit codes that count as success besides 0. Default: none. */
  readonly allowedExitCodes?: readonly number[];
  /** Extra environment variables, on top of the sanitised process environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills git (SIGTERM) and rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

/** What {@link runGit} returns: the whole standard output as bytes, the standard error as text, and the exit code. */
export interface RunGitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * The environment git runs with: the process environment without the variables that would
 * point git at another repository (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, ... as set
 * inside hooks), with prompts disabled and messages in English.
 */
export function gitEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (REPOSITORY_VARIABLES.has(name)) continue;
    environment[name] = value;
  }
  environment.GIT_TERMINAL_PROMPT = '0';
  environment.LC_ALL = 'C';
  environment.GIT_OPTIONAL_LOCKS = '0';
  return { ...environment, ...extra };
}

const REPOSITORY_VARIABLES = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_PAGER',
  'GIT_EXTERNAL_DIFF',
  'GIT_CONFIG_PARAMETERS',
]);

/**
 * Runs `git <args>` in `options.cwd` with arguments passed as an array (never through a
 * shell) and collects its output.
 *
 * @throws {SandboxCommandError} when git exits with a code that is neither 0 nor allowed,
 *   or cannot be started; the error carries the end of standard error.
 */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<RunGitResult> {
  const { cwd, gitBinary = 'git', input, allowedExitCodes = [], env, abortSignal } = options;
  abortSignal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(gitBinary, args, {
      cwd,
      env: gitEnvironment(env),
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: abortSignal,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      if (abortSignal?.aborted) {
        reject(abortSignal.reason);
        return;
      }
      // spawn reports a missing working folder as ENOENT of the program: say which is missing.
      const missingFolder = (error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(cwd);
      reject(
        new SandboxCommandError({
          command: [gitBinary, ...args],
          cause: error,
          stderr: error.message,
          ...(missingFolder ? { message: `no such folder: ${cwd}` } : {}),
        }),
      );
    });
    child.on('close', (code, signal) => {
      if (abortSignal?.aborted) {
        reject(abortSignal.reason);
        return;
      }
      const result = { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code ?? -1 };
      if (code === 0 || (code !== null && allowedExitCodes.includes(code))) resolve(result);
      else
        reject(
          new SandboxCommandError({
            command: [gitBinary, ...args],
            exitCode: code ?? undefined,
            ...(signal === null ? {} : { signal }),
            stdout: result.stdout.toString('utf8').slice(-2000),
            stderr: result.stderr.slice(-4000),
          }),
        );
    });
    child.stdin.on('error', () => {
      // git may exit before reading all of its input (e.g. a failing command); the exit code tells.
    });
    if (input === undefined) child.stdin.end();
    else child.stdin.end(input);
  });
}

/** {@link runGit}, returning standard output as UTF-8 text. */
export async function runGitText(args: readonly string[], options: RunGitOptions): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8');
}

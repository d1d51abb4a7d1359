import { execFile } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Kill the command after this many milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Environment of the command, including the PATH it is looked up in. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Working directory. Default: `process.cwd()`. */
  cwd?: string;
  /** Kills the command. */
  abortSignal?: AbortSignal;
}

/** How a command ended. */
export interface RunCommandResult {
  /** `ok`: ran (any exit code); `not-found`: no such executable; `timeout`: killed by the timeout; `failed`: could not run. */
  outcome: 'ok' | 'not-found' | 'timeout' | 'failed';
  /** The exit code, when it exited. */
  exitCode: number | undefined;
  /** Standard output, trimmed. */
  stdout: string;
  /** Standard error, trimmed. */
  stderr: string;
  /** Why it could not run, for `not-found`, `timeout` and `failed`. */
  errorMessage?: string;
}

/**
 * Runs `file` with `args` (an argument array, never through a shell) and resolves with
 * its exit code and output; it never rejects, so a doctor check can report any outcome.
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<RunCommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 10_000,
        env: options.env,
        cwd: options.cwd,
        signal: options.abortSignal,
        maxBuffer: 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const output = { stdout: stdout.trim(), stderr: stderr.trim() };
        if (!error) return resolve({ outcome: 'ok', exitCode: 0, ...output });
        const code = (error as NodeJS.ErrnoException).code as unknown;
        if (typeof code === 'number') return resolve({ outcome: 'ok', exitCode: code, ...output });
        if (code === 'ENOENT') {
          return resolve({ outcome: 'not-found', exitCode: undefined, ...output, errorMessage: `${file} not found on PATH` });
        }
        if (error.killed && !options.abortSignal?.aborted) {
          return resolve({ outcome: 'timeout', exitCode: undefined, ...output, errorMessage: `${file} timed out` });
        }
        resolve({ outcome: 'failed', exitCode: undefined, ...output, errorMessage: error.message });
      },
    );
  });
}

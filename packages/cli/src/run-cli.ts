import { SandboxCommandError, SwespotError } from '@swespot/core';
import { CommanderError } from 'commander';
import { createProgram } from './create-program';
import { describeFileSystemError } from './describe-file-system-error';

/** Options of {@link runCli}. Every field defaults to the running process's own. */
export interface RunCliOptions {
  /** Where results go. Default: `process.stdout`. */
  stdout?: NodeJS.WritableStream;
  /** Where messages go. Default: `process.stderr`. */
  stderr?: NodeJS.WritableStream;
  /** The working directory. Default: `process.cwd()`. */
  cwd?: string;
  /** The environment. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Cancels the running command. */
  abortSignal?: AbortSignal;
}

/** Exit code for a command line swespot cannot parse (unknown command or option, missing argument). */
export const USAGE_EXIT_CODE = 2;

/** Exit code after the command was cancelled (Ctrl-C), as shells report SIGINT. */
export const ABORTED_EXIT_CODE = 130;

/**
 * Runs the `swespot` command line `argv` (the arguments after the program name, e.g.
 * `['doctor', '--json']`) and resolves with the exit code: 0 on success, 1 when the
 * command failed (its error printed as `error: message`), 2 for a usage error, 130 when cancelled through `abortSignal`.
 * Never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  let exitCode = 0;
  const program = createProgram({
    stdout: options.stdout ?? process.stdout,
    stderr,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    abortSignal: options.abortSignal,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help / version).
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    // Ctrl-C in a terminal interrupts the whole process group: a child (git, docker) may die of
    // SIGINT and fail the command before this process's own SIGINT handler has aborted it.
    if (options.abortSignal !== undefined && !options.abortSignal.aborted && diedOfInterrupt(error)) {
      await waitForAbort(options.abortSignal, interruptGraceMs);
    }
    if (options.abortSignal?.aborted) {
      stderr.write('aborted\n');
      return ABORTED_EXIT_CODE;
    }
    const message = SwespotError.isInstance(error)
      ? error.message
      : (describeFileSystemError(error) ??
        (error instanceof Error ? (error.stack ?? error.message) : String(error)));
    stderr.write(`error: ${message}\n`);
    return Math.max(exitCode, 1);
  }
}

/** How long a command whose child died of SIGINT waits for its own Ctrl-C to arrive. */
const interruptGraceMs = 5000;

function diedOfInterrupt(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    if (SandboxCommandError.isInstance(current) && (current.signal === 'SIGINT' || current.exitCode === 130)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function waitForAbort(signal: AbortSignal, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}


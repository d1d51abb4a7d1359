import { SwespotError } from '@swespot/core';
import { CommanderError } from 'commander';
import { createProgram } from './create-program';

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
    if (options.abortSignal?.aborted) {
      stderr.write('aborted\n');
      return ABORTED_EXIT_CODE;
    }
    const message = SwespotError.isInstance(error)
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    stderr.write(`error: ${message}\n`);
    return Math.max(exitCode, 1);
  }
}

import { SwespotError } from './swespot-error';

const name = 'SwespotSandboxCommandError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A command that had to succeed inside a sandbox (or on the host, for git and docker)
 * failed. Commands whose failure is an ordinary result (an agent's action, a test run)
 * return their exit code instead of throwing.
 */
export class SandboxCommandError extends SwespotError {
  private readonly [symbol] = true;
  /** The command as an argument vector, or a shell string. */
  readonly command: readonly string[] | string;
  /** Exit code, or `undefined` when the process was killed or never started. */
  readonly exitCode: number | undefined;
  /** The end of the standard output, for the message and for debugging. */
  readonly stdout: string;
  /** The end of the standard error. */
  readonly stderr: string;
  /** Whether the command was stopped by its timeout. */
  readonly timedOut: boolean;
  /** The signal that killed the process (e.g. `SIGINT` after Ctrl-C in a terminal), when one did. */
  readonly signal: string | undefined;

  constructor({
    message,
    command,
    exitCode,
    stdout = '',
    stderr = '',
    timedOut = false,
    signal,
    cause,
  }: {
    message?: string;
    command: readonly string[] | string;
    exitCode?: number;
    stdout?: string;
    stderr?: string;
    timedOut?: boolean;
    signal?: string;
    cause?: unknown;
  }) {
    const shown = typeof command === 'string' ? command : command.join(' ');
    super({
      message:
        message ??
        `Command failed${timedOut ? ' (timed out)' : exitCode !== undefined ? ` with exit code ${exitCode}` : signal !== undefined ? ` (killed by ${signal})` : ''}: ${shown}${
          stderr.trim() ? `\n${stderr.trim().slice(-2000)}` : ''
        }`,
      cause,
    });
    this.name = name;
    this.command = command;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.timedOut = timedOut;
    this.signal = signal;
  }

  static override isInstance(error: unknown): error is SandboxCommandError {
    return SwespotError.hasMarker(error, marker);
  }
}

import type { Command } from 'commander';

/**
 * What a subcommand may use: its output streams, working directory and environment
 * (never `process.*` directly, so commands run the same in tests), and a way to set the
 * exit code.
 */
export interface CommandContext {
  /** Where results go (the resolved config, `--json` output). */
  stdout: NodeJS.WritableStream;
  /** Where messages, issues and progress go. */
  stderr: NodeJS.WritableStream;
  /** The working directory: where `swespot.config.json` is looked for. */
  cwd: string;
  /** The environment (e.g. `DOCKER_HOST`, API key variables). */
  env: NodeJS.ProcessEnv;
  /** Cancels the running command (Ctrl-C). */
  abortSignal?: AbortSignal;
  /** Sets the process exit code without stopping the command; the highest code set wins. */
  setExitCode(code: number): void;
}

/** The options every subcommand sees besides its own (from `command.optsWithGlobals()`). */
export interface GlobalOptions {
  /** `--config <file>`: the config file. Default: `swespot.config.json` in the working directory. */
  config?: string;
}

/** A module that adds one subcommand to the `swespot` program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

import { resolve } from 'node:path';
import type { SandboxExecResultV1, SandboxProviderV1 } from '@swespot/core';
import { SwespotError } from '@swespot/core';
import { withSandboxSession } from '@swespot/repo-sandbox';
import { createBubblewrapSandbox } from '@swespot/repo-sandbox/bubblewrap';
import { createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { type Command, InvalidArgumentError as CommanderInvalidArgumentError, Option } from 'commander';
import type { CommandContext } from './command-context';

/** The backends `--sandbox` accepts. */
export const SANDBOX_KINDS = ['docker', 'bubblewrap', 'local'] as const;

/** The sandbox flags shared by `sandbox exec` and `test-run`. */
export interface SandboxFlags {
  sandbox?: (typeof SANDBOX_KINDS)[number];
  image?: string;
  unsafe?: boolean;
  workspace: string;
  bind?: boolean;
}

/** Adds `--sandbox`, `--image`, `--unsafe`, `--workspace` and `--bind` to a command. */
export function addSandboxOptions(command: Command): Command {
  return command
    .addOption(new Option('--sandbox <kind>', 'where commands run (default: docker with --image, else bubblewrap)').choices(SANDBOX_KINDS))
    .option('--image <image>', 'container image for --sandbox docker')
    .option('--unsafe', 'allow --sandbox local, which runs commands on this machine without isolation')
    .requiredOption('--workspace <dir>', 'the folder copied into the sandbox as its workspace')
    .option('--bind', 'mount the workspace folder itself instead of a copy (changes stay in it)');
}

/**
 * The provider picked by the flags, or an error message naming the flag to fix. The engine
 * of `--sandbox docker` comes from DOCKER_HOST (else the local socket).
 */
export function providerFromFlags(flags: SandboxFlags, context: CommandContext): SandboxProviderV1 | string {
  const kind = flags.sandbox ?? (flags.image ? 'docker' : 'bubblewrap');
  if (kind === 'docker') {
    if (!flags.image) return '--image: --sandbox docker needs an image, e.g. --image swespot/base-python:<tag>';
    return createDockerSandbox({ defaultImage: flags.image });
  }
  if (flags.image) return `--image: only --sandbox docker runs images; drop --image or use --sandbox docker`;
  if (kind === 'local') {
    if (!flags.unsafe) return '--sandbox local: runs commands on this machine without any isolation; add --unsafe to accept that';
    return createLocalSandbox({ unsafe: true, baseEnv: context.env });
  }
  return createBubblewrapSandbox();
}

/** Parses `--timeout` seconds. */
function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CommanderInvalidArgumentError('expected a positive number of seconds, e.g. 600');
  return seconds;
}

/** The process exit code for a result: the command's own, 124 on timeout (as `timeout(1)`), 128+9 when killed. */
export function exitCodeOf(result: SandboxExecResultV1): number {
  if (result.timedOut) return 124;
  if (result.exitCode === null) return 137;
  return result.exitCode;
}

/**
 * Adds `swespot sandbox exec [--sandbox docker|bubblewrap|local] [--image IMAGE]
 * --workspace DIR [--timeout S] -- CMD...`: runs one command in a fresh sandbox with a copy
 * of the workspace, prints its stdout and stderr, and exits with its exit code (124 when it
 * timed out). The sandbox is destroyed afterwards, whatever happens.
 */
export function registerSandboxCommand(program: Command, context: CommandContext): void {
  const sandbox = program.command('sandbox').description('run commands in a Docker, bubblewrap or local sandbox');
  addSandboxOptions(
    sandbox
      .command('exec')
      .description('run one command in a fresh sandbox and exit with its exit code')
      .argument('<command...>', 'the program and its arguments (put them after --)')
      .option('--timeout <seconds>', 'wall-clock limit; the whole process tree is killed after it (default: 600)', parseSeconds, 600),
  ).action(async (argv: string[], options: SandboxFlags & { timeout: number }) => {
    const provider = providerFromFlags(options, context);
    if (typeof provider === 'string') {
      context.stderr.write(`sandbox exec: ${provider}\n`);
      context.setExitCode(2);
      return;
    }
    try {
      const result = await withSandboxSession(
        provider,
        { workspace: { hostPath: resolve(context.cwd, options.workspace), mode: options.bind ? 'bind' : 'copy' }, abortSignal: context.abortSignal },
        (session) =>
          session.exec({
            command: argv.length === 1 && /\s/.test(argv[0]!) ? argv[0]! : argv,
            timeoutMs: Math.round(options.timeout * 1000),
            maxOutputBytes: 64 * 1024 * 1024,
            abortSignal: context.abortSignal,
          }),
      );
      context.stdout.write(result.stdout);
      context.stderr.write(result.stderr);
      if (result.timedOut) context.stderr.write(`sandbox exec: timed out after ${options.timeout} s; the process tree was killed\n`);
      if (result.stdoutTruncated || result.stderrTruncated) context.stderr.write('sandbox exec: output was longer than 64 MiB and was cut in the middle\n');
      context.setExitCode(exitCodeOf(result));
    } catch (error) {
      context.stderr.write(`sandbox exec: ${SwespotError.isInstance(error) ? error.message : String(error)}\n`);
      context.setExitCode(1);
    }
  });
}

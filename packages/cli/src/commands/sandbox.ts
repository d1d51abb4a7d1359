import { resolve } from 'node:path';
import type { SandboxCreateSessionOptionsV1, SandboxExecResultV1, SandboxProviderV1 } from '@swespot/core';
import { SwespotError } from '@swespot/core';
import { withSandboxSession } from '@swespot/repo-sandbox';
import { createBubblewrapSandbox } from '@swespot/repo-sandbox/bubblewrap';
import { createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { type Command, InvalidArgumentError as CommanderInvalidArgumentError, Option } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
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
  dockerHost?: string;
  memoryMb?: number;
  cpus?: number;
  pidsLimit?: number;
  network?: boolean;
}

function parsePositive(kind: 'whole' | 'number') {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0 || (kind === 'whole' && !Number.isInteger(number))) {
      throw new CommanderInvalidArgumentError(kind === 'whole' ? 'expected a whole number above 0' : 'expected a number above 0');
    }
    return number;
  };
}

/**
 * Adds `--sandbox`, `--image`, `--unsafe`, `--workspace`, `--bind` and the limits
 * (`--memory-mb`, `--cpus`, `--pids-limit`, `--network`, `--docker-host`) to a command, the
 * ones `swespot.config.json` has under `sandbox` bound to it.
 */
export function addSandboxOptions(command: Command): Command {
  command
    .addOption(new Option('--sandbox <kind>', 'where commands run (default: docker with --image, else bubblewrap)').choices(SANDBOX_KINDS))
    .option('--image <image>', 'container image for --sandbox docker')
    .option('--unsafe', 'allow --sandbox local, which runs commands on this machine without isolation')
    .requiredOption('--workspace <dir>', 'the folder copied into the sandbox as its workspace')
    .option('--bind', 'mount the workspace folder itself instead of a copy (changes stay in it)')
    .option('--memory-mb <n>', "memory limit in MiB (default: the backend's)", parsePositive('number'))
    .option('--cpus <n>', "CPU limit in cores (default: the backend's)", parsePositive('number'))
    .option('--pids-limit <n>', "most processes at once (default: the backend's)", parsePositive('whole'))
    .option('--network', 'allow network access (default: none)')
    .option('--docker-host <url>', 'Docker engine, unix:///path or tcp://host:port (default: DOCKER_HOST, then the local socket)');
  return bindConfigKeys(command, {
    '--sandbox': 'sandbox.provider',
    '--memory-mb': 'sandbox.memoryMb',
    '--cpus': 'sandbox.cpus',
    '--pids-limit': 'sandbox.pidsLimit',
    '--network': 'sandbox.network',
    '--docker-host': 'sandbox.dockerHost',
  });
}

/** The session options the flags ask for: workspace, limits and network. */
export function sessionOptionsFromFlags(flags: SandboxFlags, context: CommandContext): SandboxCreateSessionOptionsV1 {
  const limits = {
    ...(flags.memoryMb === undefined ? {} : { memoryMb: flags.memoryMb }),
    ...(flags.cpus === undefined ? {} : { cpus: flags.cpus }),
    ...(flags.pidsLimit === undefined ? {} : { pids: flags.pidsLimit }),
  };
  return {
    workspace: { hostPath: resolve(context.cwd, flags.workspace), mode: flags.bind ? 'bind' : 'copy' },
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
    ...(flags.network === undefined ? {} : { network: flags.network }),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  };
}

/** dockerode's connection settings for a `unix://` or `tcp://` address, or an error message naming the flag. */
/** The Docker connection settings of a `--docker-host` URL (`unix:///path` or `tcp://host:port`), or an error message naming the flag. */
export function dockerConnectionOf(url: string): { socketPath: string } | { host: string; port: string; protocol: 'http' } | string {
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(url);
  if (tcp) return { host: tcp[1]!, port: tcp[2]!, protocol: 'http' };
  return `--docker-host: ${JSON.stringify(url)} is not unix:///path or tcp://host:port`;
}

/**
 * The provider picked by the flags, or an error message naming the flag to fix. The engine
 * of `--sandbox docker` comes from DOCKER_HOST (else the local socket).
 */
export function providerFromFlags(flags: SandboxFlags, context: CommandContext): SandboxProviderV1 | string {
  const kind = flags.sandbox ?? (flags.image ? 'docker' : 'bubblewrap');
  if (kind === 'docker') {
    if (!flags.image) return '--image: --sandbox docker needs an image, e.g. --image swespot/base-python:<tag>';
    const docker = flags.dockerHost === undefined ? undefined : dockerConnectionOf(flags.dockerHost);
    if (typeof docker === 'string') return docker;
    return createDockerSandbox({ defaultImage: flags.image, ...(docker === undefined ? {} : { docker }) });
  }
  if (flags.image) return `--image: only --sandbox docker runs images; drop --image or use --sandbox docker`;
  if (kind === 'local') {
    if (!flags.unsafe) return '--sandbox local: runs commands on this machine without any isolation; add --unsafe to accept that';
    return createLocalSandbox({ unsafe: true, baseEnv: context.env });
  }
  return createBubblewrapSandbox(context.env.PATH === undefined ? {} : { path: context.env.PATH });
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
      .option('--timeout <seconds>', 'wall-clock limit; the whole process tree is killed after it', parseSeconds, 600),
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
        sessionOptionsFromFlags(options, context),
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

import { InvalidArgumentError, type SandboxProviderV1 } from '@swespot/core';
import type { DockerConnectionSettings, DockerSandboxSettings } from '@swespot/repo-sandbox/docker';
import type { Command } from 'commander';
import { z } from 'zod';
import { bindConfigKeys, isConfigList } from '../config/config-backed-options';
import { DOCKER_ENGINE_ADDRESS, DOCKER_ENGINE_ADDRESS_HELP as ADDRESS_HELP } from '../config/swespot-config-schema';

/** One engine of `sandbox.engines` in swespot.config.json, or of a repeated `--docker-host`. */
export type DockerEngineAddress =
  | string
  | { readonly host: string; readonly tlsDirectory?: string; readonly identityFile?: string; readonly knownHostsFile?: string };

/**
 * The value of `--docker-host` (or of the config's engines) in a command's options schema.
 * Addresses are checked when the sandbox is made ({@link dockerEnginesSettings} names the flag).
 */
export const dockerHostOptionSchema = z
  .array(
    z.union([
      z.string(),
      z.strictObject({ host: z.string(), tlsDirectory: z.string().optional(), identityFile: z.string().optional(), knownHostsFile: z.string().optional() }),
    ]),
  )
  .optional();

/**
 * The flags of {@link addDockerEnginesOption}, for `command.option(...)`: `--docker-host`
 * may be repeated, each value adding an engine to the pool.
 */
const DOCKER_HOST_FLAGS = '--docker-host <address>';
const DOCKER_HOST_DESCRIPTION = `a Docker engine (${ADDRESS_HELP}); repeat it for a pool: each session goes to the least busy engine that has its image, and images are copied to the engines that lack them. tcp:// engines use TLS from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set (default: DOCKER_HOST, else the local socket)`;

/** Adds one `--docker-host` to the list; the command line's list replaces the config file's. */
function collect(value: string, previous: unknown): DockerEngineAddress[] {
  return [...(Array.isArray(previous) && !isConfigList(previous) ? (previous as DockerEngineAddress[]) : []), value];
}

/**
 * Adds the repeatable `--docker-host <address>` to a command whose sandboxes run in Docker,
 * bound to the config's `sandbox.engines` (a pool) or `sandbox.dockerHost` (one engine);
 * the command line wins. Read the value with {@link dockerEnginesSettings}.
 *
 * @example
 * ```ts
 * addDockerEnginesOption(program.command('rollout'));
 * // swespot rollout tasks.jsonl --docker-host unix:///var/run/docker.sock --docker-host tcp://box-2:2376 ...
 * ```
 */
export function addDockerEnginesOption(command: Command): Command {
  command.option(DOCKER_HOST_FLAGS, DOCKER_HOST_DESCRIPTION, collect);
  return bindConfigKeys(command, {
    '--docker-host': {
      key: 'sandbox.engines',
      read: ({ config, has }) => (has('sandbox.engines') ? config.sandbox.engines : has('sandbox.dockerHost') ? [config.sandbox.dockerHost] : undefined),
      list: true,
    },
  });
}

/**
 * The Docker sandbox settings of the engines given with `--docker-host` (or the config):
 * nothing when none were given (the provider then uses DOCKER_HOST or the local socket),
 * `docker` for one engine, `engines` for a pool (with `shareImages`: an image built on one
 * engine, the environment image say, is copied to the others). A `tcp://` engine without its own
 * `tlsDirectory` uses `DOCKER_CERT_PATH` (default `~/.docker`) when `DOCKER_TLS_VERIFY` is
 * set, as the docker command line does. An `ssh://` engine's `identityFile` and
 * `knownHostsFile` become its `ssh` settings (default: the agent or ~/.ssh keys, and
 * ~/.ssh/known_hosts).
 *
 * @throws {InvalidArgumentError} naming `--docker-host` and the value it cannot read.
 * @example
 * ```ts
 * dockerEnginesSettings(['unix:///var/run/docker.sock', 'tcp://box-2:2375'], process.env);
 * // { engines: [{ host: 'unix:///var/run/docker.sock' }, { host: 'tcp://box-2:2375' }], shareImages: true }
 * ```
 */
export function dockerEnginesSettings(addresses: readonly DockerEngineAddress[] | undefined, env: NodeJS.ProcessEnv): Pick<DockerSandboxSettings, 'docker' | 'engines' | 'shareImages'> {
  if (addresses === undefined || addresses.length === 0) return {};
  const engines = addresses.map((address) => {
    const { host, tlsDirectory, identityFile, knownHostsFile } = typeof address === 'string' ? { host: address } : address;
    if (!DOCKER_ENGINE_ADDRESS.test(host)) throw new InvalidArgumentError({ argument: '--docker-host', message: `--docker-host: cannot read '${host}'; write an engine as DOCKER_HOST does: ${ADDRESS_HELP}.` });
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const directory = tlsDirectory ?? (verify && host.startsWith('tcp://') ? (env.DOCKER_CERT_PATH || `${env.HOME ?? ''}/.docker`) : undefined);
    const ssh = { ...(identityFile === undefined ? {} : { identityFile }), ...(knownHostsFile === undefined ? {} : { knownHostsFile }) };
    return { host, ...(directory === undefined ? {} : { tls: { directory } }), ...(Object.keys(ssh).length === 0 ? {} : { ssh }) };
  });
  return engines.length === 1 ? { docker: engines[0]! } : { engines, shareImages: true };
}

/**
 * The engine that builds a run's environment image: the first of `--docker-host` (the pool
 * copies it to the others), or nothing for DOCKER_HOST or the local socket.
 *
 * @example
 * ```ts
 * buildEnvironment({ recipe, snapshotPath, ...buildEngineOf(dockerEnginesSettings(flags.dockerHost, env)) });
 * ```
 */
export function buildEngineOf(settings: Pick<DockerSandboxSettings, 'docker' | 'engines'> | undefined): { docker?: DockerConnectionSettings } {
  const engine = settings?.docker ?? settings?.engines?.[0];
  return engine === undefined ? {} : { docker: engine };
}

/** Whether `--docker-host` (or the config) named any engine. */
export function hasDockerEngines(settings: Pick<DockerSandboxSettings, 'docker' | 'engines'> | undefined): boolean {
  return settings?.docker !== undefined || settings?.engines !== undefined;
}

/**
 * The Docker sandbox of the engines of `--docker-host`, or nothing when none were named (the
 * caller's default then applies: DOCKER_HOST or the local socket).
 *
 * @example
 * ```ts
 * const sandbox = await dockerSandboxOfEngines(dockerEnginesSettings(flags.dockerHost, env));
 * createBugValidator({ environment, ...(sandbox ? { sandbox } : {}) });
 * ```
 */
export async function dockerSandboxOfEngines(settings: Pick<DockerSandboxSettings, 'docker' | 'engines' | 'shareImages'> | undefined): Promise<SandboxProviderV1 | undefined> {
  if (!hasDockerEngines(settings)) return undefined;
  const { createDockerSandbox } = await import('@swespot/repo-sandbox/docker');
  return createDockerSandbox({ ...settings });
}

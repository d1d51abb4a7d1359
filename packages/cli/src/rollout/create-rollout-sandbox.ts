import { InvalidArgumentError, type SandboxProviderV1 } from '@swespot/core';
import { dockerEnginesSettings } from '../sandbox/docker-engines-option';
import type { RolloutOptions } from './rollout-options-schema';

/**
 * The sandbox provider of `swespot rollout --sandbox NAME`, loaded on demand from
 * `@swespot/repo-sandbox`:
 * - `docker` (default): a container per run from `--image` or the task's `environment.image`,
 *   no network, resource limits; the engine, or the pool of engines, of `--docker-host`, else
 *   `DOCKER_HOST` or the local socket;
 * - `bubblewrap`: a bubblewrap namespace per run over a read-only host root, no network;
 * - `local`: commands on this machine in a copy of the workspace, without any isolation,
 *   only with `--unsafe`.
 *
 * @throws {InvalidArgumentError} for `local` without `--unsafe`, or a `--docker-host` it cannot read.
 */
export async function createRolloutSandbox(options: RolloutOptions, env: NodeJS.ProcessEnv = process.env): Promise<SandboxProviderV1> {
  switch (options.sandbox) {
    case 'docker': {
      const { createDockerSandbox } = await import('@swespot/repo-sandbox/docker');
      return createDockerSandbox({ ...(options.image === undefined ? {} : { defaultImage: options.image }), ...dockerEnginesSettings(options.dockerHost, env) });
    }
    case 'bubblewrap': {
      const { createBubblewrapSandbox } = await import('@swespot/repo-sandbox/bubblewrap');
      return createBubblewrapSandbox();
    }
    case 'local': {
      if (!options.unsafe) {
        throw new InvalidArgumentError({
          argument: 'unsafe',
          message:
            '--sandbox: local runs the agent\'s commands on this machine without any isolation; add --unsafe to accept that, or use --sandbox docker or bubblewrap.',
        });
      }
      const { createLocalSandbox } = await import('@swespot/repo-sandbox/local');
      return createLocalSandbox({ unsafe: true });
    }
  }
}

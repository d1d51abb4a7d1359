import { InvalidArgumentError, type SandboxProviderV1 } from '@swespot/core';
import type { RolloutOptions } from './rollout-options-schema';

/**
 * The sandbox provider of `swespot rollout --sandbox NAME`.
 *
 * @throws {InvalidArgumentError} for a backend that is not in this build yet.
 */
export async function createRolloutSandbox(options: RolloutOptions): Promise<SandboxProviderV1> {
  throw new InvalidArgumentError({
    argument: 'sandbox',
    message: `--sandbox: the ${options.sandbox} sandbox (@swespot/repo-sandbox/${options.sandbox}) is not available in this build yet.`,
  });
}

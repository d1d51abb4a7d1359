import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxCreateSessionOptionsV1, SandboxProviderV1, SandboxSessionV1 } from '@swespot/core';
import { createLocalShellSession } from './create-local-shell-session';

/** A {@link SandboxProviderV1} over {@link createLocalShellSession}, plus what tests inspect. */
export interface LocalShellProvider extends SandboxProviderV1 {
  /** The options of every createSession call. */
  readonly created: SandboxCreateSessionOptionsV1[];
  /** Sessions alive now. */
  readonly live: number;
  /** Most sessions alive at once so far. */
  readonly mostLive: number;
  /** Sessions destroyed. */
  readonly destroyed: number;
}

/**
 * A test provider: each session is a fresh copy of `repository` (or of the session's
 * `workspace.hostPath`) in a temporary folder, with commands in local bash. `fail(options)`
 * may return an error message to make that createSession reject.
 */
export function createLocalShellProvider(settings: {
  repository: string;
  fail?: (options: SandboxCreateSessionOptionsV1) => string | undefined;
}): LocalShellProvider {
  const created: SandboxCreateSessionOptionsV1[] = [];
  let live = 0;
  let mostLive = 0;
  let destroyed = 0;
  return {
    specificationVersion: 'v1',
    provider: 'local-test',
    // It records the image a session asks for (and runs on the host regardless), so rollouts pass images to it.
    capabilities: { networkIsolation: false, filesystemIsolation: false, resourceLimits: false, processTreeKill: true, containerImages: true },
    created,
    get live() {
      return live;
    },
    get mostLive() {
      return mostLive;
    },
    get destroyed() {
      return destroyed;
    },
    async createSession(options = {}): Promise<SandboxSessionV1> {
      created.push(options);
      const failure = settings.fail?.(options);
      if (failure !== undefined) throw new Error(failure);
      const workdir = await mkdtemp(join(tmpdir(), 'swespot-rollout-'));
      await cp(options.workspace?.hostPath ?? settings.repository, workdir, { recursive: true });
      const inner = await createLocalShellSession({ workdir });
      live++;
      mostLive = Math.max(mostLive, live);
      let gone = false;
      return {
        ...inner,
        async destroy() {
          if (gone) return;
          gone = true;
          live--;
          destroyed++;
          await inner.destroy();
          await rm(workdir, { recursive: true, force: true });
        },
      };
    },
  };
}

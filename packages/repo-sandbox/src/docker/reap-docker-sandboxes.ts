import { hostname } from 'node:os';
import { isProcessOwnerAlive } from '../sandbox-shared/process-owner';
import { createDockerClient, isDockerNotFound, type DockerConnectionSettings } from './docker-connection';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL, SESSION_LABEL } from './docker-labels';

/** Options of {@link reapDockerSandboxes}. */
export interface ReapDockerSandboxesOptions {
  /** The engine to sweep. Default: `DOCKER_HOST`, then the local socket. */
  readonly docker?: DockerConnectionSettings;
  /**
   * Also remove sandboxes of owners that cannot be checked from here (other hosts) once they
   * are older than this many milliseconds. Default: never.
   */
  readonly maxAgeMs?: number;
  readonly abortSignal?: AbortSignal;
}

/** What {@link reapDockerSandboxes} removed. */
export interface ReapDockerSandboxesResult {
  /** Ids of the containers removed. */
  readonly removed: readonly string[];
}

/**
 * Removes swespot sandbox containers whose owning process is gone: the owner ran on this
 * host and its pid no longer exists, or now belongs to a process that started later.
 * Containers of live owners are left alone. The Docker provider runs this once before its
 * first session; call it yourself after a crash, or from a cron job on a shared engine.
 */
export async function reapDockerSandboxes(options: ReapDockerSandboxesOptions = {}): Promise<ReapDockerSandboxesResult> {
  const docker = createDockerClient(options.docker);
  const containers = await docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] }, abortSignal: options.abortSignal });
  const removed: string[] = [];
  const now = Date.now();
  for (const info of containers) {
    options.abortSignal?.throwIfAborted();
    const labels = info.Labels ?? {};
    const pid = Number(labels[OWNER_PID_LABEL]);
    const owner = { host: labels[OWNER_HOST_LABEL] ?? '', pid, startTime: labels[OWNER_START_LABEL] ?? '' };
    const ownerGone = Number.isInteger(pid) && pid > 0 && !isProcessOwnerAlive(owner);
    const tooOld = owner.host !== hostname() && options.maxAgeMs !== undefined && now - info.Created * 1000 > options.maxAgeMs;
    if (!ownerGone && !tooOld) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
      removed.push(info.Id);
    } catch (error) {
      if (!isDockerNotFound(error)) throw error;
    }
  }
  return { removed };
}

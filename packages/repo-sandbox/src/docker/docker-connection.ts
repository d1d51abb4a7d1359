import Docker from 'dockerode';

/**
 * How to reach a Docker engine. Anything dockerode can reach works: a unix socket, TCP
 * (with TLS), or SSH. Default: `DOCKER_HOST` when set (read when the first session starts),
 * else `/var/run/docker.sock`.
 */
export interface DockerConnectionSettings {
  /** Unix socket path, e.g. `/var/run/docker.sock`. */
  readonly socketPath?: string;
  /** Engine host for TCP or SSH, e.g. `build-box.internal`. */
  readonly host?: string;
  /** Engine port, e.g. 2376 for TLS. */
  readonly port?: number | string;
  /** `http`, `https` or `ssh`. Default: dockerode's choice for the host. */
  readonly protocol?: 'http' | 'https' | 'ssh';
  /** SSH user for `protocol: 'ssh'`. */
  readonly username?: string;
  /** TLS material for `https` (PEM text). */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** Creates a dockerode client; no connection is made until the first request. */
export function createDockerClient(settings: DockerConnectionSettings | undefined): Docker {
  if (!settings || Object.values(settings).every((value) => value === undefined)) return new Docker();
  return new Docker({ ...settings } as Docker.DockerOptions);
}

/** Whether an error from dockerode is the engine's 404 (no such container or image). */
export function isDockerNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

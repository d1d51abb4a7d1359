import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import Docker from 'dockerode';

/** TLS files of an engine reached over TCP (`https`), as paths on this machine. */
export interface DockerTlsPaths {
  /** A folder with `ca.pem`, `cert.pem` and `key.pem`, like `DOCKER_CERT_PATH`. */
  readonly directory?: string;
  /** The CA certificate (PEM file). Default: `<directory>/ca.pem`. */
  readonly ca?: string;
  /** The client certificate (PEM file). Default: `<directory>/cert.pem`. */
  readonly cert?: string;
  /** The client key (PEM file). Default: `<directory>/key.pem`. */
  readonly key?: string;
}

/**
 * How to reach a Docker engine. Anything dockerode can reach works: a unix socket, TCP
 * (with TLS), or SSH. Default: `DOCKER_HOST` (with `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`)
 * when set, read when the first session starts, else `/var/run/docker.sock`.
 */
export interface DockerConnectionSettings {
  /** Unix socket path, e.g. `/var/run/docker.sock`. */
  readonly socketPath?: string;
  /**
   * The engine as `DOCKER_HOST` writes it, `tcp://build-box:2376`, `ssh://ci@build-box`,
   * `unix:///run/docker.sock`; or a host name for TCP or SSH with `port` and `protocol`.
   */
  readonly host?: string;
  /** Engine port, e.g. 2376 for TLS. */
  readonly port?: number | string;
  /** `http`, `https` or `ssh`. Default: from `host`'s scheme (`tcp://` with `tls` or port 2376 is `https`). */
  readonly protocol?: 'http' | 'https' | 'ssh';
  /** SSH user for `protocol: 'ssh'`. */
  readonly username?: string;
  /** TLS material for `https` (PEM text). */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** TLS material for `https` as files (read when the client is created); implies `https`. */
  readonly tls?: DockerTlsPaths;
}

type ResolvedConnection = Omit<DockerConnectionSettings, 'tls' | 'host'> & { host?: string };

/** Turns a `DOCKER_HOST`-style `host` into socket, host, port and protocol. */
function resolveHost(settings: DockerConnectionSettings): ResolvedConnection {
  const { tls: _tls, ...rest } = settings;
  const host = settings.host;
  if (host === undefined || !host.includes('://')) return rest;
  if (host.startsWith('unix://')) return { ...rest, host: undefined, socketPath: host.slice('unix://'.length) };
  let url: URL;
  try {
    url = new URL(host);
  } catch (error) {
    throw new InvalidArgumentError({ argument: 'docker.host', message: `docker.host: cannot read '${host}'; write it as DOCKER_HOST does, e.g. tcp://build-box:2376, ssh://user@build-box or unix:///var/run/docker.sock.`, cause: error });
  }
  const scheme = url.protocol.slice(0, -1);
  if (!['tcp', 'http', 'https', 'ssh'].includes(scheme)) {
    throw new InvalidArgumentError({ argument: 'docker.host', message: `docker.host: unsupported scheme '${scheme}://' in '${host}'; use tcp://, ssh:// or unix://.` });
  }
  const tls = settings.tls !== undefined || settings.ca !== undefined;
  const protocol = settings.protocol ?? (scheme === 'ssh' ? 'ssh' : scheme === 'https' || tls || url.port === '2376' ? 'https' : 'http');
  return {
    ...rest,
    host: url.hostname,
    ...(url.port ? { port: url.port } : settings.port === undefined ? {} : { port: settings.port }),
    protocol,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
  };
}

function readTls(tls: DockerTlsPaths | undefined): Pick<DockerConnectionSettings, 'ca' | 'cert' | 'key'> {
  if (tls === undefined) return {};
  const path = (name: 'ca' | 'cert' | 'key') => tls[name] ?? (tls.directory === undefined ? undefined : join(tls.directory, `${name}.pem`));
  const read = (name: 'ca' | 'cert' | 'key') => {
    const file = path(name);
    if (file === undefined) return {};
    try {
      return { [name]: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new InvalidArgumentError({ argument: `docker.tls.${name}`, message: `docker.tls.${name}: cannot read ${file} (${(error as Error).message}); set tls.directory to a folder with ca.pem, cert.pem and key.pem, as for DOCKER_CERT_PATH.`, cause: error });
    }
  };
  return { ...read('ca'), ...read('cert'), ...read('key') };
}

/** Creates a dockerode client; no connection is made until the first request. */
export function createDockerClient(settings: DockerConnectionSettings | undefined): Docker {
  if (!settings || Object.values(settings).every((value) => value === undefined)) return new Docker();
  const resolved = { ...resolveHost(settings), ...readTls(settings.tls) };
  const protocol = resolved.protocol ?? (settings.tls !== undefined && resolved.host !== undefined ? 'https' : undefined);
  // docker-modem merges DOCKER_HOST's settings under these; name every field so that an
  // explicit engine (a socket, say) is not overridden by a host from the environment.
  return new Docker({
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ...resolved,
    ...(protocol === undefined ? {} : { protocol }),
  } as Docker.DockerOptions);
}

/** A short name of an engine for messages: `unix:///run/docker.sock`, `https://build-box:2376`, `ssh://ci@build-box`, or `DOCKER_HOST`. */
export function describeDockerEngine(settings: DockerConnectionSettings | undefined): string {
  if (!settings || Object.values(settings).every((value) => value === undefined)) return 'the default engine (DOCKER_HOST or /var/run/docker.sock)';
  const resolved = resolveHost(settings);
  if (resolved.host === undefined) return `unix://${resolved.socketPath ?? '/var/run/docker.sock'}`;
  const protocol = resolved.protocol ?? (settings.tls === undefined ? 'http' : 'https');
  return `${protocol}://${resolved.username ? `${resolved.username}@` : ''}${resolved.host}${resolved.port === undefined ? '' : `:${resolved.port}`}`;
}

/** Whether an error from dockerode is the engine's 404 (no such container or image). */
export function isDockerNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

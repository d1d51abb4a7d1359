import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import Docker from 'dockerode';
import { checkKnownHost, knownHostName } from './ssh-known-hosts';

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
 * How an `ssh://` engine is reached: dockerode opens an SSH connection (ssh2) and runs
 * `docker system dial-stdio` there, as the docker command line does. The server's host key
 * is checked against known_hosts before anything is sent.
 */
export interface DockerSshSettings {
  /**
   * A private key file, as `ssh -i` (unencrypted, or loaded into the agent). Default: the
   * ssh-agent at `SSH_AUTH_SOCK` when set, and the first of `~/.ssh/id_ed25519`,
   * `~/.ssh/id_ecdsa`, `~/.ssh/id_rsa` that exists.
   */
  readonly identityFile?: string;
  /** The known_hosts file the host key must be in. Default: `~/.ssh/known_hosts`. */
  readonly knownHostsFile?: string;
  /**
   * Accept a host that known_hosts does not name (like `StrictHostKeyChecking=no` for new
   * hosts); a host listed with another key is still refused. Default: false.
   */
  readonly acceptUnknownHost?: boolean;
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
  /** Keys and host checking of an `ssh://` engine. */
  readonly ssh?: DockerSshSettings;
}

type ResolvedConnection = Omit<DockerConnectionSettings, 'tls' | 'host' | 'ssh'> & { host?: string };

/** Turns a `DOCKER_HOST`-style `host` into socket, host, port and protocol. */
function resolveHost(settings: DockerConnectionSettings): ResolvedConnection {
  const { tls: _tls, ssh: _ssh, ...rest } = settings;
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

const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Why an SSH connection was refused, kept by the host key check for the error message. */
interface SshRefusal {
  reason?: string;
}

/**
 * ssh2's options for an `ssh://` engine: the agent and key to log in with, and a host key
 * check against known_hosts whose refusal is written into `refusal`.
 */
function sshOptions(settings: DockerSshSettings, host: string, port: number, env: NodeJS.ProcessEnv, refusal: SshRefusal): Record<string, unknown> {
  const home = env.HOME || homedir();
  const identityFile = settings.identityFile ?? (env.SSH_AUTH_SOCK ? undefined : DEFAULT_IDENTITY_FILES.map((name) => join(home, '.ssh', name)).find((file) => existsSync(file)));
  let privateKey: Buffer | undefined;
  if (identityFile !== undefined) {
    try {
      privateKey = readFileSync(identityFile);
    } catch (error) {
      throw new InvalidArgumentError({ argument: 'docker.ssh.identityFile', message: `docker.ssh.identityFile: cannot read ${identityFile} (${(error as Error).message}); give the private key that the engine's host accepts, as for ssh -i.`, cause: error });
    }
  }
  const knownHostsFile = settings.knownHostsFile ?? join(home, '.ssh', 'known_hosts');
  const name = knownHostName(host, port);
  return {
    ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
    ...(privateKey === undefined ? {} : { privateKey }),
    hostVerifier: (key: Buffer) => {
      const found = checkKnownHost({ file: knownHostsFile, host, port, key });
      if (found.verdict === 'known' || (found.verdict === 'unknown' && settings.acceptUnknownHost === true)) return true;
      const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host}`;
      refusal.reason = found.verdict === 'unknown'
        ? `the host key of ${name} is not in ${knownHostsFile}; check its fingerprint and add it (${scan} >> ${knownHostsFile}), or give ssh.knownHostsFile`
        : found.verdict === 'changed'
          ? `the host key of ${name} differs from the one in ${knownHostsFile} line ${found.line}; the host changed its key or someone stands in between: check it before replacing that line`
          : `the host key of ${name} is revoked in ${knownHostsFile} line ${found.line}`;
      return false;
    },
  };
}

/** Rewrites ssh2's bare refusals ("Host denied", "All configured authentication methods failed") into what to do. */
function explainSshErrors(docker: Docker, engine: string, refusal: SshRefusal): Docker {
  const modem = docker.modem as unknown as { dial(options: unknown, callback: (error: unknown, data: unknown) => void): unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) =>
    dial(options, (error, data) => {
      const message = (error as Error | null)?.message ?? '';
      if (refusal.reason !== undefined && message.includes('Host denied')) {
        callback(Object.assign(new Error(`${engine}: ${refusal.reason}.`), { cause: error }), data);
      } else if (message.includes('authentication methods failed')) {
        callback(Object.assign(new Error(`${engine}: the SSH server accepted none of our keys (${message}); load the key into ssh-agent (SSH_AUTH_SOCK) or give ssh.identityFile, and check the user's authorized_keys on the engine's host.`), { cause: error }), data);
      } else {
        callback(error, data);
      }
    });
  return docker;
}

/**
 * Creates a dockerode client; no connection is made until the first request. An `ssh://`
 * engine (given, or in `DOCKER_HOST`) logs in with the agent or key of
 * {@link DockerSshSettings} and is refused unless its host key is in known_hosts.
 */
export function createDockerClient(settings: DockerConnectionSettings | undefined, env: NodeJS.ProcessEnv = process.env): Docker {
  const empty = !settings || Object.values(settings).every((value) => value === undefined);
  if (empty && env.DOCKER_HOST?.startsWith('ssh://')) return createDockerClient({ host: env.DOCKER_HOST }, env);
  if (empty) return new Docker();
  const resolved = { ...resolveHost(settings), ...readTls(settings.tls) };
  const protocol = resolved.protocol ?? (settings.tls !== undefined && resolved.host !== undefined ? 'https' : undefined);
  const refusal: SshRefusal = {};
  const ssh = protocol === 'ssh' && resolved.host !== undefined
    ? { sshOptions: sshOptions(settings.ssh ?? {}, resolved.host, Number(resolved.port ?? 22), env, refusal) }
    : {};
  // docker-modem merges DOCKER_HOST's settings under these; name every field so that an
  // explicit engine (a socket, say) is not overridden by a host from the environment.
  const docker = new Docker({
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ...resolved,
    ...(protocol === undefined ? {} : { protocol }),
    ...ssh,
  } as Docker.DockerOptions);
  return protocol === 'ssh' ? explainSshErrors(docker, describeDockerEngine(settings), refusal) : docker;
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

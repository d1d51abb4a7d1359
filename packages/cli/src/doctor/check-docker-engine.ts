import { request } from 'node:http';
import { z } from 'zod';
import type { DoctorCheck } from './doctor-check';

/** The Docker engine address used when neither an option nor `DOCKER_HOST` names one. */
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Options of {@link checkDockerEngine}. */
export interface CheckDockerEngineOptions {
  /** The engine address, `unix:///path` or `tcp://host:port`. Default: `env.DOCKER_HOST`, then {@link DEFAULT_DOCKER_HOST}. */
  dockerHost?: string;
  /** Where `DOCKER_HOST` is read from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Give up on each request after this many milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Cancels the requests. */
  abortSignal?: AbortSignal;
}

const versionResponseSchema = z.object({
  Version: z.string().nullish(),
  ApiVersion: z.string().nullish(),
  Os: z.string().nullish(),
  Arch: z.string().nullish(),
});

type Endpoint = { socketPath: string } | { host: string; port: number };

function toEndpoint(dockerHost: string): Endpoint | undefined {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://')) {
    const url = new URL(`http://${dockerHost.slice('tcp://'.length)}`);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 2375 };
  }
  return undefined;
}

function getDockerApi(
  endpoint: Endpoint,
  path: string,
  options: { timeoutMs: number; abortSignal?: AbortSignal },
): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { ...endpoint, path, method: 'GET', headers: { Host: 'docker' }, signal: options.abortSignal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(options.timeoutMs, () =>
      outgoing.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const installHint =
  'install Docker Engine (https://docs.docker.com/engine/install/) and start it, or set DOCKER_HOST to a running engine; without Docker use sandbox.provider "bubblewrap" or "local"';

/**
 * Pings the Docker engine API (`GET /_ping`) over its unix socket or TCP address and
 * reads the server version from `GET /version`. Optional: only the `docker` sandbox
 * provider needs it.
 */
export async function checkDockerEngine(options: CheckDockerEngineOptions = {}): Promise<DoctorCheck> {
  const env = options.env ?? process.env;
  const dockerHost = options.dockerHost ?? (env.DOCKER_HOST || DEFAULT_DOCKER_HOST);
  const endpoint = toEndpoint(dockerHost);
  if (!endpoint) {
    return {
      name: 'docker',
      status: 'warning',
      required: false,
      detail: `cannot check the Docker engine at ${dockerHost}: only unix:// and tcp:// addresses are supported`,
      hint: 'set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port',
    };
  }
  const requestOptions = { timeoutMs: options.timeoutMs ?? 5000, abortSignal: options.abortSignal };
  try {
    const ping = await getDockerApi(endpoint, '/_ping', requestOptions);
    if (ping.statusCode !== 200) {
      return {
        name: 'docker',
        status: 'warning',
        required: false,
        detail: `the Docker engine at ${dockerHost} answered /_ping with HTTP ${ping.statusCode}: ${ping.body.trim().slice(0, 200)}`,
        hint: 'check the engine with `docker info` and restart it',
      };
    }
    const versionResponse = await getDockerApi(endpoint, '/version', requestOptions);
    const parsed = versionResponseSchema.safeParse(
      versionResponse.statusCode === 200 ? parseJsonOrUndefined(versionResponse.body) : undefined,
    );
    const version = parsed.success ? (parsed.data.Version ?? undefined) : undefined;
    const apiVersion = parsed.success ? parsed.data.ApiVersion : undefined;
    return {
      name: 'docker',
      status: 'ok',
      required: false,
      ...(version ? { version } : {}),
      detail: `Docker Engine ${version ?? '(unknown version)'}${apiVersion ? ` (API ${apiVersion})` : ''} at ${dockerHost}`,
    };
  } catch (error) {
    if (options.abortSignal?.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      return {
        name: 'docker',
        status: 'warning',
        required: false,
        detail: `permission denied on the Docker socket at ${dockerHost}`,
        hint: 'add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or use rootless Docker',
      };
    }
    const reason =
      code === 'ENOENT'
        ? 'no socket there'
        : code === 'ECONNREFUSED'
          ? 'connection refused, the engine is not running'
          : (error as Error).message;
    return {
      name: 'docker',
      status: 'missing',
      required: false,
      detail: `no Docker engine reachable at ${dockerHost} (${reason})`,
      hint: installHint,
    };
  }
}

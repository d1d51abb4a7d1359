import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fake Docker engine API on a unix socket in a temp folder, for doctor tests. */
export interface FakeDockerEngine {
  /** `unix://…/docker.sock`, for `DOCKER_HOST`. */
  dockerHost: string;
  /** The request paths received, in order. */
  requests: string[];
  /** Stops the server and deletes the temp folder. */
  close(): Promise<void>;
}

/** Starts a server answering `GET /_ping` with `OK` and `GET /version` with `version`, like dockerd. */
export async function startFakeDockerEngine(
  version: Record<string, unknown> = { Version: '27.3.1', ApiVersion: '1.47', Os: 'linux', Arch: 'amd64' },
): Promise<FakeDockerEngine> {
  const folder = await mkdtemp(join(tmpdir(), 'swespot-docker-'));
  const socketPath = join(folder, 'docker.sock');
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.method === 'GET' && request.url === '/_ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.47' }).end('OK');
    } else if (request.method === 'GET' && request.url === '/version') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(version));
    } else {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"page not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    dockerHost: `unix://${socketPath}`,
    requests,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}

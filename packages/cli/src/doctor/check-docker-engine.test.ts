import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDockerEngine, type FakeDockerEngine } from '../__fixtures__/start-fake-docker-engine';
import { checkDockerEngine } from './check-docker-engine';

describe('checkDockerEngine', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function startEngine(): Promise<FakeDockerEngine> {
    const engine = await startFakeDockerEngine();
    cleanups.push(() => engine.close());
    return engine;
  }

  it('pings a Docker engine on a unix socket from DOCKER_HOST and reports its version', async () => {
    const engine = await startEngine();
    const check = await checkDockerEngine({ env: { DOCKER_HOST: engine.dockerHost } });
    expect(check).toEqual({
      name: 'docker',
      status: 'ok',
      required: false,
      version: '27.3.1',
      detail: `Docker Engine 27.3.1 (API 1.47) at ${engine.dockerHost}`,
    });
    expect(engine.requests).toEqual(['GET /_ping', 'GET /version']);
  });

  it('prefers the dockerHost option over DOCKER_HOST', async () => {
    const engine = await startEngine();
    const check = await checkDockerEngine({
      dockerHost: engine.dockerHost,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(check.status).toBe('ok');
  });

  it('reports a missing engine with what to install when the socket does not exist', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'swespot-docker-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const dockerHost = `unix://${join(folder, 'docker.sock')}`;
    const check = await checkDockerEngine({ env: { DOCKER_HOST: dockerHost } });
    expect(check.status).toBe('missing');
    expect(check.required).toBe(false);
    expect(check.detail).toBe(`no Docker engine reachable at ${dockerHost} (no socket there)`);
    expect(check.hint).toContain('install Docker Engine (https://docs.docker.com/engine/install/)');
    expect(check.hint).toContain('DOCKER_HOST');
  });

  it('reports a refused tcp:// connection as missing', async () => {
    // Bind then close a loopback port so nothing listens on it.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const check = await checkDockerEngine({ dockerHost: `tcp://127.0.0.1:${port}` });
    expect(check.status).toBe('missing');
    expect(check.detail).toContain('connection refused');
  });

  it('talks to a tcp:// engine over HTTP', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/_ping') response.end('OK');
      else response.end(JSON.stringify({ Version: '26.0.0' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    const check = await checkDockerEngine({ dockerHost: `tcp://127.0.0.1:${port}` });
    expect(check).toMatchObject({ status: 'ok', version: '26.0.0', detail: `Docker Engine 26.0.0 at tcp://127.0.0.1:${port}` });
  });

  it('warns when the engine answers /_ping with an error', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(500).end('engine is shutting down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    const check = await checkDockerEngine({ dockerHost: `tcp://127.0.0.1:${port}` });
    expect(check.status).toBe('warning');
    expect(check.detail).toContain('HTTP 500: engine is shutting down');
  });

  it('warns about an address scheme it cannot check', async () => {
    const check = await checkDockerEngine({ dockerHost: 'ssh://user@host' });
    expect(check.status).toBe('warning');
    expect(check.detail).toContain('only unix:// and tcp://');
  });
});

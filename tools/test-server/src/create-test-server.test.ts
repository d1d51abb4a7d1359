import { afterEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './create-test-server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createTestServer', () => {
  it('answers a list of responses by call number and records each request', async () => {
    server = await createTestServer({
      'POST /v1/echo': [
        { type: 'json', status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } },
        { type: 'json', body: { ok: true } },
      ],
    });
    const send = () =>
      fetch(`${server?.url}/v1/echo?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Custom': 'yes' },
        body: JSON.stringify({ hello: 'world' }),
      });

    const first = await send();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.json()).toEqual({ error: 'slow down' });
    const second = await send();
    expect(await second.json()).toEqual({ ok: true });
    const third = await send();
    expect(third.status).toBe(418);
    expect(await third.text()).toContain("route 'POST /v1/echo' has no scripted response for call 3");

    const calls = server.callsTo('POST /v1/echo');
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/echo',
      url: '/v1/echo?x=1',
      bodyJson: { hello: 'world' },
      routeCallIndex: 0,
    });
    expect(calls[0]?.headers['x-custom']).toBe('yes');
    expect(calls[2]?.routeCallIndex).toBe(2);
  });

  it('returns 404 for an unknown route and matches method-less keys for any method', async () => {
    server = await createTestServer({ '/any': { type: 'text', body: 'plain' } });
    expect((await fetch(`${server.url}/missing`)).status).toBe(404);
    const response = await fetch(`${server.url}/any`, { method: 'PUT', body: 'not json' });
    expect(await response.text()).toBe('plain');
    expect(server.calls.at(-1)).toMatchObject({ routeKey: '/any', bodyText: 'not json', bodyJson: undefined });
  });

  it('streams server-sent events', async () => {
    server = await createTestServer({
      '/stream': { type: 'sse', events: [{ event: 'ping', data: { n: 1 } }, '[DONE]'], eventDelayMs: 5 },
    });
    const response = await fetch(`${server.url}/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('event: ping\ndata: {"n":1}\n\ndata: [DONE]\n\n');
  });

  it('delays, hangs until the client aborts, and resets connections', async () => {
    server = await createTestServer({
      '/slow': { type: 'json', body: {}, delayMs: 60 },
      '/hang': { type: 'hang' },
      '/reset': { type: 'reset' },
    });
    const started = performance.now();
    await fetch(`${server.url}/slow`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);

    await expect(fetch(`${server.url}/hang`, { signal: AbortSignal.timeout(50) })).rejects.toThrow(/aborted|timeout/i);
    await expect(fetch(`${server.url}/reset`)).rejects.toThrow(/fetch failed/);
  });

  it('replaces a route and resets its numbering with setRoute', async () => {
    server = await createTestServer({ '/r': [{ type: 'text', body: 'a' }] });
    expect(await (await fetch(`${server.url}/r`)).text()).toBe('a');
    server.setRoute('/r', (call) => ({ type: 'text', body: `call ${call.routeCallIndex}` }));
    expect(await (await fetch(`${server.url}/r`)).text()).toBe('call 0');
    server.reset();
    expect(server.calls).toHaveLength(0);
  });

  it('closes while a request hangs', async () => {
    server = await createTestServer({ '/hang': { type: 'hang' } });
    const pending = fetch(`${server.url}/hang`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    server = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request the server received, in arrival order. */
export interface TestServerCall {
  /** The route key that answered it (`POST /v1/chat/completions`), or `undefined` when none matched. */
  readonly routeKey: string | undefined;
  /** The zero-based index of this call among the calls to its route. */
  readonly routeCallIndex: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The path with its query string, as sent. */
  readonly url: string;
  /** Request headers with lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw request body. */
  readonly bodyText: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly bodyJson: unknown;
  /** When the request was received, in milliseconds of `performance.now()`. */
  readonly receivedAtMs: number;
}

/** Status, headers and a delay, shared by the responses that send something. */
interface TestServerResponseBase {
  /** HTTP status. Default: 200. */
  readonly status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds to wait before answering. Default: 0. */
  readonly delayMs?: number;
}

/** One Server-Sent Event: the `data` field is sent as is when a string, as JSON otherwise. */
export interface TestServerEvent {
  readonly event?: string;
  readonly data: unknown;
}

/**
 * A scripted answer.
 * - `json`: `body` serialised as JSON with `content-type: application/json`.
 * - `text`: `body` as is (`content-type: text/plain` unless `headers` says otherwise).
 * - `sse`: `text/event-stream`, one event per entry, `eventDelayMs` apart.
 * - `hang`: never answers; the connection stays open until the client gives up or the server closes.
 * - `reset`: destroys the connection without an answer (the client sees a network error).
 */
export type TestServerResponse =
  | (TestServerResponseBase & { readonly type: 'json'; readonly body: unknown })
  | (TestServerResponseBase & { readonly type: 'text'; readonly body: string })
  | (TestServerResponseBase & {
      readonly type: 'sse';
      readonly events: readonly (string | TestServerEvent)[];
      /** Milliseconds between events. Default: 0. */
      readonly eventDelayMs?: number;
    })
  | { readonly type: 'hang' }
  | { readonly type: 'reset'; readonly delayMs?: number };

/**
 * How a route answers: one response for every call, a list indexed by the route's call
 * number (a call past the end gets a 418 naming the route, so a test never loops on a
 * missing script), or a function of the call.
 */
export type TestServerResponder =
  | TestServerResponse
  | readonly TestServerResponse[]
  | ((call: TestServerCall) => TestServerResponse);

/**
 * Routes keyed `"METHOD /path"` (`"POST /v1/messages"`) or `"/path"` for any method.
 * The path is matched exactly, without the query string.
 */
export type TestServerRoutes = Readonly<Record<string, TestServerResponder>>;

/** A running server; see {@link createTestServer}. */
export interface TestServer {
  /** The base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Every request received, in order (unmatched ones included). */
  readonly calls: readonly TestServerCall[];
  /** The calls answered by one route key. */
  callsTo(routeKey: string): TestServerCall[];
  /** Replaces (or adds) a route's script and restarts its call numbering. */
  setRoute(routeKey: string, responder: TestServerResponder): void;
  /** Forgets the recorded calls and restarts every route's call numbering. */
  reset(): void;
  /** Stops listening and destroys every open connection (hanging ones included). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 at a free port that answers with scripted responses
 * and records every request (method, path, lower-case headers, raw and JSON body, arrival
 * time). Made for pointing a real provider SDK at it: success, error statuses with headers
 * such as `Retry-After`, SSE streams, slow or hanging answers for timeouts, and dropped
 * connections for network errors.
 *
 * @example
 * ```ts
 * const server = await createTestServer({
 *   'POST /v1/chat/completions': [
 *     { type: 'json', status: 429, headers: { 'retry-after': '0.05' }, body: { error: { message: 'slow down' } } },
 *     { type: 'json', body: completion },
 *   ],
 * });
 * // ... new OpenAI({ baseURL: `${server.url}/v1` }) ...
 * server.callsTo('POST /v1/chat/completions')[1]?.bodyJson;
 * await server.close();
 * ```
 */
export async function createTestServer(routes: TestServerRoutes = {}): Promise<TestServer> {
  const scripts = new Map<string, TestServerResponder>(Object.entries(routes));
  const routeCallCounts = new Map<string, number>();
  const calls: TestServerCall[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAtMs = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const routeKey = scripts.has(`${method} ${path}`) ? `${method} ${path}` : scripts.has(path) ? path : undefined;
    const routeCallIndex = routeKey === undefined ? 0 : (routeCallCounts.get(routeKey) ?? 0);
    if (routeKey !== undefined) routeCallCounts.set(routeKey, routeCallIndex + 1);
    const call: TestServerCall = {
      routeKey,
      routeCallIndex,
      method,
      path,
      url,
      headers: flattenHeaders(request),
      bodyText,
      bodyJson: parseJson(bodyText),
      receivedAtMs,
    };
    calls.push(call);

    if (routeKey === undefined) {
      sendJson(response, 404, {}, { error: `test server: no route for ${method} ${path}` });
      return;
    }
    const script = scripts.get(routeKey) as TestServerResponder;
    const scripted: TestServerResponse | undefined =
      typeof script === 'function'
        ? script(call)
        : isResponseList(script)
          ? script[routeCallIndex]
          : script;
    if (scripted === undefined) {
      sendJson(response, 418, {}, {
        error: `test server: route '${routeKey}' has no scripted response for call ${routeCallIndex + 1}`,
      });
      return;
    }
    await respond(request, response, scripted);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (routeKey) => calls.filter((call) => call.routeKey === routeKey),
    setRoute(routeKey, responder) {
      scripts.set(routeKey, responder);
      routeCallCounts.delete(routeKey);
    },
    reset() {
      calls.length = 0;
      routeCallCounts.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function respond(request: IncomingMessage, response: ServerResponse, scripted: TestServerResponse): Promise<void> {
  if (scripted.type === 'hang') return;
  if (scripted.delayMs) {
    const aborted = await sleepUnlessClosed(scripted.delayMs, request);
    if (aborted) return;
  }
  switch (scripted.type) {
    case 'reset':
      request.socket.destroy();
      return;
    case 'json':
      sendJson(response, scripted.status ?? 200, scripted.headers ?? {}, scripted.body);
      return;
    case 'text':
      response.writeHead(scripted.status ?? 200, { 'content-type': 'text/plain', ...scripted.headers });
      response.end(scripted.body);
      return;
    case 'sse': {
      response.writeHead(scripted.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...scripted.headers,
      });
      for (const event of scripted.events) {
        if (scripted.eventDelayMs && (await sleepUnlessClosed(scripted.eventDelayMs, request))) return;
        response.write(formatEvent(event));
      }
      response.end();
      return;
    }
  }
}

function formatEvent(event: string | TestServerEvent): string {
  if (typeof event === 'string') return `data: ${event}\n\n`;
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${data}\n\n`;
}

function sendJson(
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Waits `delayMs`; resolves `true` early when the client closed the connection meanwhile. */
function sleepUnlessClosed(delayMs: number, request: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      request.socket.off('close', onClose);
      resolve(false);
    }, delayMs);
    request.socket.once('close', onClose);
  });
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isResponseList(responder: TestServerResponder): responder is readonly TestServerResponse[] {
  return Array.isArray(responder);
}

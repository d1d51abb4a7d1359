import { inspect } from 'node:util';
import { ApiCallError, InvalidArgumentError, LoadSettingError } from '@swespot/core';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import geminiResponse from './__fixtures__/gemini-response.json';
import type { GoogleRetryEvent } from './google-generative-model';
import { createGoogle, type GoogleProviderSettings } from './google-provider';

const route = 'POST /v1beta/models/gemini-2.5-flash:generateContent';
const apiKey = 'AIzaSyTest-3b8e1f0c9d7a6452';
const messages = [
  { role: 'system', content: 'You are a careful software engineer.' },
  { role: 'user', content: 'List the files.' },
] as const;

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
  vi.unstubAllEnvs();
});

function google(settings: GoogleProviderSettings = {}) {
  return createGoogle({ apiKey, baseURL: server.url, retry: { initialDelayMs: 10, maxDelayMs: 40 }, ...settings });
}

const ok = { type: 'json', body: geminiResponse } as const;
const errorBody = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
});

function relevantHeaders(call: TestServerCall | undefined) {
  const headers = call?.headers ?? {};
  return {
    authorization: headers['authorization'],
    'content-type': headers['content-type'],
    'x-goog-api-key': headers['x-goog-api-key'],
    'x-request-tag': headers['x-request-tag'],
  };
}

function everythingIn(error: unknown): string {
  return [(error as Error).message, JSON.stringify(error), inspect(error, { depth: null, showHidden: true })].join('\n');
}

describe('GoogleGenerativeModel against the Gemini wire format', () => {
  it('sends the exact request and reads text, thoughts, usage and cost', async () => {
    server.setRoute(route, ok);
    const model = google({ headers: { 'x-request-tag': 'swespot-test' } }).model('gemini-2.5-flash');
    const result = await model.generate({
      messages: [...messages, { role: 'assistant', content: 'ok' }, { role: 'tool', content: 'a.txt' }],
      temperature: 1,
      topP: 0.8,
      topK: 20,
      maxOutputTokens: 512,
      stop: ['</done>'],
      seed: 7,
      reasoningEffort: 'none',
    });

    const call = server.callsTo(route)[0];
    expect(call?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(call?.bodyJson).toMatchInlineSnapshot(`
      {
        "contents": [
          {
            "parts": [
              {
                "text": "List the files.",
              },
            ],
            "role": "user",
          },
          {
            "parts": [
              {
                "text": "ok",
              },
            ],
            "role": "model",
          },
          {
            "parts": [
              {
                "text": "a.txt",
              },
            ],
            "role": "user",
          },
        ],
        "generationConfig": {
          "maxOutputTokens": 512,
          "seed": 7,
          "stopSequences": [
            "</done>",
          ],
          "temperature": 1,
          "thinkingConfig": {
            "thinkingBudget": 0,
          },
          "topK": 20,
          "topP": 0.8,
        },
        "systemInstruction": {
          "parts": [
            {
              "text": "You are a careful software engineer.",
            },
          ],
          "role": "user",
        },
      }
    `);
    expect(relevantHeaders(call)).toMatchInlineSnapshot(`
      {
        "authorization": undefined,
        "content-type": "application/json",
        "x-goog-api-key": "AIzaSyTest-3b8e1f0c9d7a6452",
        "x-request-tag": "swespot-test",
      }
    `);
    expect(result).toEqual({
      text: 'THOUGHT: list the files first.\n\n```bash\nls -la\n```',
      reasoning: 'The fix is in the parser.',
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1000, reasoningTokens: 50 },
      // gemini-2.5-flash: 200 uncached × $0.30 + 1000 cached × $0.03 + 300 output × $2.50, per million
      costUsd: expect.closeTo((200 * 0.3 + 1000 * 0.03 + 300 * 2.5) / 1e6, 12),
      warnings: [],
      response: { id: 'Zc7XaPixFfrzz7IPq8XDsA4', modelId: 'gemini-2.5-flash' },
    });
    expect(model.provider).toBe('google');
  });

  it('warns about repetitionPenalty and maps reasoning effort per model family', async () => {
    server.setRoute('/v1beta/models/gemini-3-pro-preview:generateContent', ok);
    server.setRoute('/v1beta/models/gemini-2.5-pro:generateContent', ok);
    server.setRoute('/v1beta/models/gemini-2.0-flash:generateContent', ok);
    const provider = google();

    const pro3 = await provider.model('gemini-3-pro-preview').generate({ messages, repetitionPenalty: 1.05, reasoningEffort: 'minimal' });
    expect(server.calls[0]?.bodyJson).toMatchObject({ generationConfig: { thinkingConfig: { thinkingLevel: 'LOW' } } });
    expect(pro3.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'repetitionPenalty' }),
      { type: 'other', message: expect.stringContaining("no 'minimal' thinking level; LOW was sent") },
    ]);

    const pro25 = await provider.model('gemini-2.5-pro').generate({ messages, reasoningEffort: 'none' });
    expect(server.calls[1]?.bodyJson).toMatchObject({ generationConfig: { thinkingConfig: { thinkingBudget: 128 } } });
    expect(pro25.warnings).toEqual([{ type: 'other', message: expect.stringContaining('cannot turn thinking off') }]);

    const flash20 = await provider.model('gemini-2.0-flash').generate({ messages, reasoningEffort: 'high' });
    expect(server.calls[2]?.bodyJson).not.toHaveProperty('generationConfig.thinkingConfig');
    expect(flash20.warnings).toEqual([expect.objectContaining({ setting: 'reasoningEffort' })]);
  });

  it('reports a blocked prompt as content-filter and merges extraConfig', async () => {
    server.setRoute(route, {
      type: 'json',
      body: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 9 } },
    });
    const result = await google()
      .model('gemini-2.5-flash')
      .generate({
        messages,
        providerOptions: { google: { extraConfig: { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] } } },
      });
    expect(server.callsTo(route)[0]?.bodyJson).toMatchObject({
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
    });
    expect(result).toMatchObject({ text: '', finishReason: 'content-filter', rawFinishReason: 'PROHIBITED_CONTENT' });
  });
});

describe('GoogleGenerativeModel retries', () => {
  it.each([408, 409, 500, 503])('retries a %i and then succeeds', async (status) => {
    server.setRoute(route, [{ type: 'json', status, body: errorBody(status, 'UNAVAILABLE', 'try again') }, ok]);
    const result = await google().model('gemini-2.5-flash').generate({ messages });
    expect(result.text).toContain('ls -la');
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    server.setRoute(route, [
      { type: 'json', status: 429, headers: { 'retry-after': '0.3' }, body: errorBody(429, 'RESOURCE_EXHAUSTED', 'quota') },
      ok,
    ]);
    const retries: GoogleRetryEvent[] = [];
    await google({ onRetry: (event) => retries.push(event) }).model('gemini-2.5-flash').generate({ messages });
    const [first, second] = server.callsTo(route);
    expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(295);
    expect(retries).toEqual([expect.objectContaining({ retry: 1, fromRetryAfter: true, provider: 'google' })]);
  });

  it("honours the body's RetryInfo retryDelay when there is no header", async () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.25s' };
    server.setRoute(route, [{ type: 'json', status: 429, body: errorBody(429, 'RESOURCE_EXHAUSTED', 'quota', [retryInfo]) }, ok]);
    await google().model('gemini-2.5-flash').generate({ messages });
    const [first, second] = server.callsTo(route);
    expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(245);
  });

  it('retries a dropped connection', async () => {
    server.setRoute(route, [{ type: 'reset' }, ok]);
    await google().model('gemini-2.5-flash').generate({ messages });
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('gives up after maxRetries, and makes one request per attempt (the SDK does not retry)', async () => {
    server.setRoute(route, { type: 'text', status: 503, body: 'upstream connect error' });
    const error = await google({ retry: { maxRetries: 1, initialDelayMs: 5 } })
      .model('gemini-2.5-flash')
      .generate({ messages })
      .catch((caught: unknown) => caught);
    expect(server.callsTo(route)).toHaveLength(2);
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true, responseBody: 'upstream connect error' });
    expect((error as Error).message).toContain('gave up after 2 attempts');
  });

  it.each([
    [400, errorBody(400, 'INVALID_ARGUMENT', `API key not valid: ${apiKey}. Please pass a valid API key.`)],
    [401, errorBody(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials (${apiKey}).`)],
  ])('does not retry a %i, and the error carries status and body but never the key', async (status, body) => {
    server.setRoute(route, { type: 'json', status, body });
    const error = await google().model('gemini-2.5-flash').generate({ messages }).catch((caught: unknown) => caught);
    expect(server.callsTo(route)).toHaveLength(1);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError).toMatchObject({ statusCode: status, isRetryable: false, url: `${server.url}${route.slice(5)}` });
    expect(apiError.message).toContain(`status ${status}`);
    expect(apiError.message).toContain(body.error.status);
    expect(apiError.responseBody).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(apiKey);
  });
});

describe('GoogleGenerativeModel timeouts and aborts', () => {
  it('times out a request that never answers', async () => {
    server.setRoute(route, { type: 'hang' });
    const error = await google({ timeoutMs: 150, retry: { maxRetries: 0 } })
      .model('gemini-2.5-flash')
      .generate({ messages })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, statusCode: undefined });
    expect((error as Error).message).toContain('timed out after 150 ms');
  });

  it('rejects with the abort reason while a request is in flight, without retrying', async () => {
    server.setRoute(route, { type: 'hang' });
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    setTimeout(() => controller.abort(reason), 50);
    await expect(google().model('gemini-2.5-flash').generate({ messages, abortSignal: controller.signal })).rejects.toBe(reason);
    expect(server.callsTo(route)).toHaveLength(1);
  });
});

describe('createGoogle settings', () => {
  it('reads GEMINI_API_KEY, then GOOGLE_API_KEY, lazily, and names both when neither is set', async () => {
    server.setRoute(route, ok);
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', '');
    const model = createGoogle({ baseURL: server.url }).model('gemini-2.5-flash');
    const error = await model.generate({ messages }).catch((caught: unknown) => caught);
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: 'apiKey', environmentVariable: 'GEMINI_API_KEY' });
    expect((error as Error).message).toContain("'apiKey' option or set one of the environment variables GEMINI_API_KEY, GOOGLE_API_KEY");

    vi.stubEnv('GOOGLE_API_KEY', 'google-key-from-environment');
    await model.generate({ messages });
    expect(server.callsTo(route)[0]?.headers['x-goog-api-key']).toBe('google-key-from-environment');
  });

  it('rejects malformed settings and provider options, naming each field', async () => {
    expect(() => createGoogle({ apiVersion: 'beta', timeoutMs: 0 })).toThrow(/apiVersion: must look like v1.*\ntimeoutMs: /s);
    const error = await google()
      .model('gemini-2.5-flash')
      .generate({ messages, providerOptions: { google: { extraBody: {} } } })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('providerOptions.google: Unrecognized key: "extraBody"');
  });
});

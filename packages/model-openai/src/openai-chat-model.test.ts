import { inspect } from 'node:util';
import { ApiCallError, InvalidArgumentError, LoadSettingError } from '@swespot/core';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import openaiCompletion from './__fixtures__/openai-chat-completion.json';
import vllmCompletion from './__fixtures__/vllm-chat-completion.json';
import { createOpenAI, type OpenAIProviderSettings } from './openai-provider';
import type { OpenAIRetryEvent } from './openai-chat-model';

const route = 'POST /v1/chat/completions';
const apiKey = 'sk-test-4f9c2e7d1b8a6053';
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

/** A provider pointed at the test server with short retry delays. */
function openai(settings: OpenAIProviderSettings = {}) {
  return createOpenAI({
    apiKey,
    baseURL: `${server.url}/v1`,
    server: 'openai',
    retry: { initialDelayMs: 10, maxDelayMs: 40 },
    ...settings,
  });
}

const ok = { type: 'json', body: openaiCompletion } as const;

function relevantHeaders(call: TestServerCall | undefined) {
  const headers = call?.headers ?? {};
  return {
    authorization: headers['authorization'],
    'content-type': headers['content-type'],
    'x-request-tag': headers['x-request-tag'],
  };
}

/** Everything an error exposes: message, JSON, and a deep inspection including causes. */
function everythingIn(error: unknown): string {
  const record = error as Error;
  return [record.message, JSON.stringify(error), inspect(error, { depth: null, showHidden: true })].join('\n');
}

describe('OpenAIChatModel against the OpenAI wire format', () => {
  it('sends the exact request and reads text, usage and cost', async () => {
    server.setRoute(route, ok);
    const model = openai({ headers: { 'x-request-tag': 'swespot-test' } }).model('gpt-4.1-mini');

    const result = await model.generate({
      messages: [...messages, { role: 'assistant', content: 'ok' }, { role: 'tool', content: 'a.txt\nb.txt' }],
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 512,
      stop: ['</done>'],
      seed: 7,
    });

    const call = server.callsTo(route)[0];
    expect(call?.bodyJson).toMatchInlineSnapshot(`
      {
        "max_completion_tokens": 512,
        "messages": [
          {
            "content": "You are a careful software engineer.",
            "role": "system",
          },
          {
            "content": "List the files.",
            "role": "user",
          },
          {
            "content": "ok",
            "role": "assistant",
          },
          {
            "content": "a.txt
      b.txt",
            "role": "user",
          },
        ],
        "model": "gpt-4.1-mini",
        "seed": 7,
        "stop": [
          "</done>",
        ],
        "temperature": 0.2,
        "top_p": 0.9,
      }
    `);
    expect(relevantHeaders(call)).toMatchInlineSnapshot(`
      {
        "authorization": "Bearer sk-test-4f9c2e7d1b8a6053",
        "content-type": "application/json",
        "x-request-tag": "swespot-test",
      }
    `);
    expect(result).toEqual({
      text: 'THOUGHT: list the files first.\n\n```bash\nls -la\n```',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1000, reasoningTokens: 0 },
      // gpt-4.1-mini: 200 uncached × $0.40 + 1000 cached × $0.10 + 300 output × $1.60, per million
      costUsd: (200 * 0.4 + 1000 * 0.1 + 300 * 1.6) / 1_000_000,
      warnings: [],
      response: { id: 'chatcmpl-CJv0aFixture', modelId: 'gpt-4.1-mini-2025-04-14', timestamp: '2025-09-27T19:06:40.000Z' },
    });
    expect(model.provider).toBe('openai');
    expect(model.specificationVersion).toBe('v1');
  });

  it('warns about settings the OpenAI API cannot take instead of dropping them silently', async () => {
    server.setRoute(route, ok);
    const reasoning = openai().model('o4-mini');
    const result = await reasoning.generate({
      messages,
      temperature: 1,
      topK: 20,
      repetitionPenalty: 1.05,
      reasoningEffort: 'low',
    });
    expect(server.callsTo(route)[0]?.bodyJson).toEqual({
      model: 'o4-mini',
      messages: messages.map((message) => ({ ...message })),
      reasoning_effort: 'low',
    });
    expect(result.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.type))).toEqual([
      'temperature',
      'topK',
      'repetitionPenalty',
    ]);

    const chat = openai().model('gpt-4o');
    const chatResult = await chat.generate({ messages, reasoningEffort: 'minimal' });
    expect(server.callsTo(route)[1]?.bodyJson).not.toHaveProperty('reasoning_effort');
    expect(chatResult.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'reasoningEffort' }),
    ]);
  });

  it('uses the price table, an override for one model, and none for an unknown model', async () => {
    server.setRoute(route, ok);
    const provider = openai({ prices: { 'my-model': { inputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 2 } } });
    expect((await provider.model('my-model').generate({ messages })).costUsd).toBeCloseTo((1200 * 1 + 300 * 2) / 1e6, 12);
    const priced = provider.model('gpt-4o', {
      price: { inputUsdPerMillionTokens: 10, cachedInputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 20 },
    });
    expect((await priced.generate({ messages })).costUsd).toBeCloseTo((200 * 10 + 1000 * 1 + 300 * 20) / 1e6, 12);
    expect((await provider.model('gpt-4o-2024-08-06').generate({ messages })).costUsd).toBeCloseTo(
      (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6,
      12,
    );
    expect((await provider.model('unpriced-model').generate({ messages })).costUsd).toBeUndefined();
  });
});

describe('OpenAIChatModel against an OpenAI-compatible server (vLLM, SGLang, llama.cpp)', () => {
  it('sends top_k, repetition_penalty and max_tokens as vLLM extra body fields', async () => {
    server.setRoute(route, { type: 'json', body: vllmCompletion });
    const vllm = createOpenAI({ baseURL: `${server.url}/v1` });
    const student = vllm.model('Qwen/Qwen3-4B-Instruct-2507', { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });

    const result = await student.generate({
      messages,
      maxOutputTokens: 1024,
      topP: 0.95,
      reasoningEffort: 'none',
      stop: ['</answer>'],
      providerOptions: { vllm: { extraBody: { min_p: 0.05 } }, anthropic: { ignored: true } },
    });

    expect(server.callsTo(route)[0]?.bodyJson).toMatchInlineSnapshot(`
      {
        "chat_template_kwargs": {
          "enable_thinking": false,
        },
        "max_tokens": 1024,
        "messages": [
          {
            "content": "You are a careful software engineer.",
            "role": "system",
          },
          {
            "content": "List the files.",
            "role": "user",
          },
        ],
        "min_p": 0.05,
        "model": "Qwen/Qwen3-4B-Instruct-2507",
        "repetition_penalty": 1.05,
        "stop": [
          "</answer>",
        ],
        "temperature": 1,
        "top_k": 20,
        "top_p": 0.95,
      }
    `);
    // No key given and none in the environment: the documented placeholder is sent.
    expect(server.callsTo(route)[0]?.headers['authorization']).toBe('Bearer EMPTY');
    expect(student.provider).toBe('vllm');
    expect(result).toMatchObject({
      text: '```bash\npytest -x tests/\n```\n',
      reasoning: 'The user wants the tests run.',
      finishReason: 'stop-sequence',
      usage: { inputTokens: 812, outputTokens: 28, cachedInputTokens: undefined },
      warnings: [],
    });
    expect(result.costUsd).toBeUndefined();
  });

  it("sends llama.cpp's repeat_penalty and warns that it has no reasoning effort", async () => {
    server.setRoute(route, { type: 'json', body: vllmCompletion });
    const llama = createOpenAI({ baseURL: `${server.url}/v1`, server: 'llama.cpp', apiKey: 'local-key' });
    const result = await llama.model('qwen3-4b').generate({ messages, repetitionPenalty: 1.1, reasoningEffort: 'high' });
    const body = server.callsTo(route)[0]?.bodyJson as Record<string, unknown>;
    expect(body['repeat_penalty']).toBe(1.1);
    expect(body).not.toHaveProperty('repetition_penalty');
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'reasoningEffort' })]);
    expect(server.callsTo(route)[0]?.headers['authorization']).toBe('Bearer local-key');
  });

  it('keeps the raw body of an SGLang-style error that the SDK would drop', async () => {
    const body = { object: 'error', message: 'The model `nope` does not exist.', type: 'NotFoundError', code: 404 };
    server.setRoute(route, { type: 'json', status: 404, body });
    const error = await createOpenAI({ baseURL: `${server.url}/v1`, server: 'sglang' })
      .model('nope')
      .generate({ messages })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false, responseBody: JSON.stringify(body) });
    expect((error as Error).message).toContain('The model `nope` does not exist.');
  });
});

describe('OpenAIChatModel retries', () => {
  it.each([408, 409, 500, 503])('retries a %i and then succeeds', async (status) => {
    server.setRoute(route, [{ type: 'json', status, body: { error: { message: `status ${status}` } } }, ok]);
    const result = await openai().model('gpt-4o').generate({ messages });
    expect(result.text).toContain('ls -la');
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    server.setRoute(route, [
      { type: 'json', status: 429, headers: { 'retry-after': '0.3' }, body: { error: { message: 'Rate limit reached' } } },
      ok,
    ]);
    const retries: OpenAIRetryEvent[] = [];
    const result = await openai({ onRetry: (event) => retries.push(event) }).model('gpt-4o').generate({ messages });
    expect(result.finishReason).toBe('stop');
    const [first, second] = server.callsTo(route);
    // The backoff alone would wait at most 10 ms; the server asked for 300 ms.
    expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(295);
    expect(retries).toEqual([
      expect.objectContaining({ retry: 1, fromRetryAfter: true, provider: 'openai', modelId: 'gpt-4o' }),
    ]);
    expect(retries[0]?.error.statusCode).toBe(429);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(300);
  });

  it('honours retry-after-ms, which wins over retry-after', async () => {
    server.setRoute(route, [
      { type: 'json', status: 429, headers: { 'retry-after-ms': '150', 'retry-after': '30' }, body: { error: {} } },
      ok,
    ]);
    await openai().model('gpt-4o').generate({ messages });
    const [first, second] = server.callsTo(route);
    expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(145);
  });

  it('does not retry when Retry-After exceeds maxRetryAfterMs, and says why', async () => {
    server.setRoute(route, { type: 'json', status: 429, headers: { 'retry-after': '120' }, body: { error: {} } });
    const error = await openai().model('gpt-4o').generate({ messages }).catch((caught: unknown) => caught);
    expect(server.callsTo(route)).toHaveLength(1);
    expect(error).toMatchObject({ statusCode: 429, retryAfterSeconds: 120, isRetryable: true });
    expect((error as Error).message).toContain('more than retry.maxRetryAfterMs = 60000 ms');
  });

  it('retries a dropped connection', async () => {
    server.setRoute(route, [{ type: 'reset' }, ok]);
    const result = await openai().model('gpt-4o').generate({ messages });
    expect(result.text).toContain('ls -la');
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('backs off exponentially with jitter and gives up after maxRetries', async () => {
    server.setRoute(route, { type: 'json', status: 500, body: { error: { message: 'boom' } } });
    const retries: OpenAIRetryEvent[] = [];
    const error = await openai({
      retry: { maxRetries: 3, initialDelayMs: 40, maxDelayMs: 100 },
      onRetry: (event) => retries.push(event),
    })
      .model('gpt-4o')
      .generate({ messages })
      .catch((caught: unknown) => caught);

    const calls = server.callsTo(route);
    expect(calls).toHaveLength(4);
    // equal jitter: each wait lies in [base/2, base] with base 40, 80, then 100 (the cap)
    const delays = retries.map((event) => event.delayMs);
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[0]).toBeLessThanOrEqual(40);
    expect(delays[1]).toBeGreaterThanOrEqual(40);
    expect(delays[1]).toBeLessThanOrEqual(80);
    expect(delays[2]).toBeGreaterThanOrEqual(50);
    expect(delays[2]).toBeLessThanOrEqual(100);
    for (const [index, delay] of delays.entries()) {
      const gap = (calls[index + 1]?.receivedAtMs ?? 0) - (calls[index]?.receivedAtMs ?? 0);
      expect(gap).toBeGreaterThanOrEqual(delay - 2);
    }
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, isRetryable: true });
    expect((error as Error).message).toContain('gave up after 4 attempts');
  });

  it.each([
    [400, { error: { message: `Invalid value for 'messages': key ${apiKey} rejected`, type: 'invalid_request_error' } }],
    [401, { error: { message: `Incorrect API key provided: ${apiKey}.`, type: 'invalid_request_error', code: 'invalid_api_key' } }],
  ])('does not retry a %i, and the error carries status and body but never the key', async (status, body) => {
    server.setRoute(route, { type: 'json', status, body });
    const error = await openai().model('gpt-4o').generate({ messages }).catch((caught: unknown) => caught);

    expect(server.callsTo(route)).toHaveLength(1);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError.statusCode).toBe(status);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.url).toBe(`${server.url}/v1/chat/completions`);
    expect(apiError.message).toContain(`status ${status}`);
    expect(apiError.message).toContain(body.error.message.split(apiKey)[0]);
    expect(apiError.responseBody).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(apiKey);
  });

  it('follows x-should-retry when the server sends it', async () => {
    server.setRoute(route, [{ type: 'json', status: 400, headers: { 'x-should-retry': 'true' }, body: { error: {} } }, ok]);
    await openai().model('gpt-4o').generate({ messages });
    expect(server.callsTo(route)).toHaveLength(2);
  });
});

describe('OpenAIChatModel timeouts and aborts', () => {
  it('times out a request that never answers', async () => {
    server.setRoute(route, { type: 'hang' });
    const started = performance.now();
    const error = await openai({ timeoutMs: 150, retry: { maxRetries: 0 } })
      .model('gpt-4o')
      .generate({ messages })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, statusCode: undefined });
    expect((error as Error).message).toMatch(/timed out after 150 ms.*'timeoutMs'/);
  });

  it('retries after a timeout', async () => {
    server.setRoute(route, [{ type: 'hang' }, ok]);
    const result = await openai({ timeoutMs: 100 }).model('gpt-4o').generate({ messages });
    expect(result.text).toContain('ls -la');
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('rejects with the abort reason while a request is in flight, without retrying', async () => {
    server.setRoute(route, { type: 'hang' });
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    setTimeout(() => controller.abort(reason), 50);
    await expect(openai().model('gpt-4o').generate({ messages, abortSignal: controller.signal })).rejects.toBe(reason);
    expect(server.callsTo(route)).toHaveLength(1);
  });

  it('rejects with the abort reason during a backoff wait', async () => {
    server.setRoute(route, { type: 'json', status: 503, headers: { 'retry-after': '10' }, body: { error: {} } });
    const controller = new AbortController();
    const started = performance.now();
    const pending = openai().model('gpt-4o').generate({ messages, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 80);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(server.callsTo(route)).toHaveLength(1);
  });

  it('does not send anything when the signal is already aborted', async () => {
    server.setRoute(route, ok);
    await expect(
      openai().model('gpt-4o').generate({ messages, abortSignal: AbortSignal.abort(new Error('early')) }),
    ).rejects.toThrow('early');
    expect(server.calls).toHaveLength(0);
  });
});

describe('createOpenAI settings', () => {
  it('reads OPENAI_API_KEY lazily, at the first call', async () => {
    server.setRoute(route, ok);
    vi.stubEnv('OPENAI_API_KEY', '');
    const model = createOpenAI({ baseURL: `${server.url}/v1`, server: 'openai' }).model('gpt-4o');
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-environment');
    await model.generate({ messages });
    expect(server.callsTo(route)[0]?.headers['authorization']).toBe('Bearer sk-from-environment');
  });

  it('reads the key from a custom variable', async () => {
    server.setRoute(route, ok);
    vi.stubEnv('MY_VLLM_KEY', 'vllm-secret');
    await createOpenAI({ baseURL: `${server.url}/v1`, apiKeyEnvironmentVariable: 'MY_VLLM_KEY' }).model('m').generate({ messages });
    expect(server.callsTo(route)[0]?.headers['authorization']).toBe('Bearer vllm-secret');
  });

  it('raises LoadSettingError naming the option and the variable when the OpenAI key is missing', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const model = createOpenAI().model('gpt-4o');
    const error = await model.generate({ messages }).catch((caught: unknown) => caught);
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: 'apiKey', environmentVariable: 'OPENAI_API_KEY' });
    expect((error as Error).message).toMatch(/'apiKey' option.*OPENAI_API_KEY/);
    expect(server.calls).toHaveLength(0);
  });

  it('rejects malformed settings at once, naming each field', () => {
    const create = () =>
      createOpenAI({ baseURL: 'ftp://example.com', timeoutMs: -1, retry: { maxRetries: 1.5 }, apiKeyEnvironmentVariable: 'sk-abc def' });
    expect(create).toThrow(InvalidArgumentError);
    expect(create).toThrow(/apiKeyEnvironmentVariable: must be the NAME.*\nbaseURL: .*\ntimeoutMs: .*\nretry\.maxRetries: /);
    expect(() => createOpenAI().model(' ')).toThrow(/modelId: must not be empty/);
  });

  it('rejects unknown provider options with their path', async () => {
    const error = await openai()
      .model('gpt-4o')
      .generate({ messages, providerOptions: { openai: { extraBdy: {} } } })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('providerOptions.openai: Unrecognized key: "extraBdy"');
  });

  it('rejects an empty conversation and an unreadable response', async () => {
    await expect(openai().model('gpt-4o').generate({ messages: [] })).rejects.toThrow(/messages: must hold at least one/);
    server.setRoute(route, { type: 'json', body: { id: 'x', choices: [] } });
    const error = await openai().model('gpt-4o').generate({ messages }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 200, isRetryable: false });
    expect((error as Error).message).toContain('choices: Too small');
  });
});

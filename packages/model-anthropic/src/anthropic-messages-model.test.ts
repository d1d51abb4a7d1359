import { inspect } from 'node:util';
import { ApiCallError, InvalidArgumentError, LoadSettingError } from '@swespot/core';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import anthropicMessage from './__fixtures__/anthropic-message.json';
import thinkingMessage from './__fixtures__/anthropic-thinking-message.json';
import type { AnthropicRetryEvent } from './anthropic-messages-model';
import { createAnthropic, type AnthropicProviderSettings } from './anthropic-provider';

const route = 'POST /v1/messages';
const apiKey = 'sk-ant-test-7d1c9b3e5a2f8046';
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

function anthropic(settings: AnthropicProviderSettings = {}) {
  return createAnthropic({ apiKey, baseURL: server.url, retry: { initialDelayMs: 10, maxDelayMs: 40 }, ...settings });
}

const ok = { type: 'json', body: anthropicMessage } as const;
const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_1' });

function relevantHeaders(call: TestServerCall | undefined) {
  const headers = call?.headers ?? {};
  return {
    'anthropic-version': headers['anthropic-version'],
    authorization: headers['authorization'],
    'content-type': headers['content-type'],
    'x-api-key': headers['x-api-key'],
    'x-request-tag': headers['x-request-tag'],
  };
}

function everythingIn(error: unknown): string {
  return [(error as Error).message, JSON.stringify(error), inspect(error, { depth: null, showHidden: true })].join('\n');
}

describe('AnthropicMessagesModel against the Messages wire format', () => {
  it('sends the exact request and reads text, usage with cache tokens, and cost', async () => {
    server.setRoute(route, ok);
    const model = anthropic({ headers: { 'x-request-tag': 'swespot-test' } }).model('claude-sonnet-4-5-20250929');
    const result = await model.generate({
      messages: [...messages, { role: 'assistant', content: 'ok' }, { role: 'tool', content: 'a.txt' }],
      maxOutputTokens: 512,
      stop: ['</done>'],
    });

    const call = server.callsTo(route)[0];
    expect(call?.bodyJson).toMatchInlineSnapshot(`
      {
        "max_tokens": 512,
        "messages": [
          {
            "content": "List the files.",
            "role": "user",
          },
          {
            "content": "ok",
            "role": "assistant",
          },
          {
            "content": "a.txt",
            "role": "user",
          },
        ],
        "model": "claude-sonnet-4-5-20250929",
        "stop_sequences": [
          "</done>",
        ],
        "system": "You are a careful software engineer.",
      }
    `);
    expect(relevantHeaders(call)).toMatchInlineSnapshot(`
      {
        "anthropic-version": "2026-10-21",
        "authorization": "Bearer sk-ant-test-7d1c9b3e5a2f8046",
        "content-type": "application/json",
        "x-api-key": undefined,
        "x-request-tag": "swespot-test",
      }
    `);
    expect(result).toEqual({
      text: 'THOUGHT: list the files first.\n\n```bash\nls -la\n```',
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 1300, outputTokens: 300, cachedInputTokens: 1000 },
      // claude-sonnet-4-5: 200 × $3 + 1000 cache reads × $0.30 + 100 cache writes × $3.75 + 300 × $15, per million
      costUsd: expect.closeTo((200 * 3 + 1000 * 0.3 + 100 * 3.75 + 300 * 15) / 1e6, 12),
      warnings: [],
      response: { id: 'msg_01XFDUDYJgAACzvnptvVoYEL', modelId: 'claude-sonnet-4-5-20250929' },
    });
    expect(model.provider).toBe('anthropic');
  });

  it('warns about every sampling setting the API version has no parameter for', async () => {
    server.setRoute(route, ok);
    const result = await anthropic()
      .model('claude-sonnet-4-5', { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 })
      .generate({ messages, seed: 3, presencePenalty: 0.1, frequencyPenalty: 0.1 });
    const body = server.callsTo(route)[0]?.bodyJson as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model', 'system']);
    expect(body['max_tokens']).toBe(8192);
    expect(result.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toEqual([
      'temperature',
      'topP',
      'topK',
      'repetitionPenalty',
      'presencePenalty',
      'frequencyPenalty',
      'seed',
    ]);
  });

  it('turns on budgeted thinking for 4.5 models and reads thinking text and tokens', async () => {
    server.setRoute(route, { type: 'json', body: thinkingMessage });
    const result = await anthropic()
      .model('claude-haiku-4-5-20251001')
      .generate({ messages, maxOutputTokens: 1000, reasoningEffort: 'medium' });
    expect(server.callsTo(route)[0]?.bodyJson).toEqual({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 1000 + 4096,
      system: 'You are a careful software engineer.',
      messages: [{ role: 'user', content: 'List the files.' }],
      thinking: { type: 'enabled', budget_tokens: 4096 },
    });
    expect(result).toMatchObject({
      text: '```bash\ngrep -rn helper src/\n```',
      reasoning: 'The failing test imports a renamed helper.',
      finishReason: 'stop-sequence',
      usage: { inputTokens: 50, outputTokens: 120, cachedInputTokens: 0, reasoningTokens: 90 },
      warnings: [],
    });
  });

  it('uses adaptive thinking with an effort for later models, and disables thinking for none and minimal', async () => {
    server.setRoute(route, ok);
    const provider = anthropic();
    await provider.model('claude-opus-4-6').generate({ messages, reasoningEffort: 'high', maxOutputTokens: 100 });
    expect(server.callsTo(route)[0]?.bodyJson).toMatchObject({
      max_tokens: 100 + 16_384,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
    });
    await provider.model('claude-opus-4-6').generate({ messages, reasoningEffort: 'none' });
    expect(server.callsTo(route)[1]?.bodyJson).toMatchObject({ thinking: { type: 'disabled' } });
    const minimal = await provider.model('claude-sonnet-4-5').generate({ messages, reasoningEffort: 'minimal' });
    expect(server.callsTo(route)[2]?.bodyJson).toMatchObject({ thinking: { type: 'disabled' } });
    expect(minimal.warnings).toEqual([{ type: 'other', message: expect.stringContaining("no 'minimal'") }]);
  });

  it('adds the cache breakpoint with promptCaching and merges extraBody last', async () => {
    server.setRoute(route, ok);
    await anthropic({ promptCaching: true }).model('claude-sonnet-4-5').generate({
      messages,
      providerOptions: { anthropic: { extraBody: { metadata: { user_id: 'rollout-7' } } }, openai: { ignored: 1 } },
    });
    expect(server.callsTo(route)[0]?.bodyJson).toMatchObject({
      cache_control: { type: 'ephemeral' },
      metadata: { user_id: 'rollout-7' },
    });
  });

  it('rejects a system message after the first turn, naming its index', async () => {
    const error = await anthropic()
      .model('claude-sonnet-4-5')
      .generate({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'late' }] })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^messages\[1\]: a system message may only come before/);
    expect(server.calls).toHaveLength(0);
  });
});

describe('AnthropicMessagesModel retries', () => {
  it.each([408, 409, 500, 503, 529])('retries a %i and then succeeds', async (status) => {
    server.setRoute(route, [{ type: 'json', status, body: errorBody('overloaded_error', 'Overloaded') }, ok]);
    const result = await anthropic().model('claude-sonnet-4-5').generate({ messages });
    expect(result.text).toContain('ls -la');
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    server.setRoute(route, [
      { type: 'json', status: 429, headers: { 'retry-after': '0.3' }, body: errorBody('rate_limit_error', 'Rate limited') },
      ok,
    ]);
    const retries: AnthropicRetryEvent[] = [];
    await anthropic({ onRetry: (event) => retries.push(event) }).model('claude-sonnet-4-5').generate({ messages });
    const [first, second] = server.callsTo(route);
    expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(295);
    expect(retries).toEqual([expect.objectContaining({ retry: 1, fromRetryAfter: true, provider: 'anthropic' })]);
  });

  it('retries a dropped connection', async () => {
    server.setRoute(route, [{ type: 'reset' }, ok]);
    await anthropic().model('claude-sonnet-4-5').generate({ messages });
    expect(server.callsTo(route)).toHaveLength(2);
  });

  it('gives up after maxRetries with the last status', async () => {
    server.setRoute(route, { type: 'json', status: 500, body: errorBody('api_error', 'Internal server error') });
    const error = await anthropic({ retry: { maxRetries: 2, initialDelayMs: 5 } })
      .model('claude-sonnet-4-5')
      .generate({ messages })
      .catch((caught: unknown) => caught);
    expect(server.callsTo(route)).toHaveLength(3);
    expect(error).toMatchObject({ statusCode: 500, isRetryable: true });
    expect((error as Error).message).toContain('gave up after 3 attempts');
  });

  it.each([
    [400, errorBody('invalid_request_error', `messages: text content blocks must be non-empty (key ${apiKey})`)],
    [401, errorBody('authentication_error', `invalid x-api-key ${apiKey}`)],
  ])('does not retry a %i, and the error carries status and body but never the key', async (status, body) => {
    server.setRoute(route, { type: 'json', status, body });
    const error = await anthropic().model('claude-sonnet-4-5').generate({ messages }).catch((caught: unknown) => caught);
    expect(server.callsTo(route)).toHaveLength(1);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError).toMatchObject({ statusCode: status, isRetryable: false, url: `${server.url}/v1/messages` });
    expect(apiError.message).toContain(`status ${status}`);
    expect(apiError.message).toContain(body.error.type);
    expect(JSON.parse(apiError.responseBody ?? '{}')).toMatchObject({ type: 'error', request_id: 'req_1' });
    expect(everythingIn(error)).not.toContain(apiKey);
  });
});

describe('AnthropicMessagesModel timeouts and aborts', () => {
  it('times out a request that never answers', async () => {
    server.setRoute(route, { type: 'hang' });
    const error = await anthropic({ timeoutMs: 150, retry: { maxRetries: 0 } })
      .model('claude-sonnet-4-5')
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
    await expect(
      anthropic().model('claude-sonnet-4-5').generate({ messages, abortSignal: controller.signal }),
    ).rejects.toBe(reason);
    expect(server.callsTo(route)).toHaveLength(1);
  });
});

describe('createAnthropic settings', () => {
  it('reads ANTHROPIC_API_KEY lazily and names both option and variable when it is missing', async () => {
    server.setRoute(route, ok);
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const model = createAnthropic({ baseURL: server.url }).model('claude-sonnet-4-5');
    const error = await model.generate({ messages }).catch((caught: unknown) => caught);
    expect(LoadSettingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: 'apiKey', environmentVariable: 'ANTHROPIC_API_KEY' });
    expect((error as Error).message).toMatch(/'apiKey' option.*ANTHROPIC_API_KEY/);

    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-environment');
    await model.generate({ messages });
    expect(server.callsTo(route)[0]?.headers['authorization']).toBe('Bearer sk-ant-from-environment');
  });

  it('rejects malformed settings at once, naming each field', () => {
    expect(() => createAnthropic({ defaultMaxOutputTokens: 0, baseURL: 'not a url' })).toThrow(
      /baseURL: Invalid URL\ndefaultMaxOutputTokens: /,
    );
  });
});

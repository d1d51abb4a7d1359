import { InvalidArgumentError } from '@swespot/core';
import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import vllmCompletion from './__fixtures__/vllm-chat-completion.json';
import vllmLogprobsCompletion from './__fixtures__/vllm-chat-completion-logprobs.json';
import { createOpenAI } from './openai-provider';

const route = 'POST /v1/chat/completions';
const messages = [{ role: 'user', content: 'Does this patch resolve the issue? Answer YES or NO.' }] as const;

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

function vllm() {
  return createOpenAI({ baseURL: `${server.url}/v1`, server: 'vllm', retry: { maxRetries: 0 } }).model('Qwen/Qwen3-8B');
}

describe('log-probabilities over the OpenAI wire format', () => {
  it('asks for logprobs and top_logprobs and returns them per token', async () => {
    server.setRoute(route, { type: 'json', body: vllmLogprobsCompletion });
    const result = await vllm().generate({ messages, maxOutputTokens: 1, logprobs: true, topLogprobs: 3 });

    const body = server.callsTo(route)[0]?.bodyJson as Record<string, unknown>;
    expect(body['logprobs']).toBe(true);
    expect(body['top_logprobs']).toBe(3);
    expect(result.text).toBe('YES');
    expect(result.logprobs).toEqual([
      {
        token: 'YES',
        logprob: -0.3566749,
        topLogprobs: [
          { token: 'YES', logprob: -0.3566749 },
          { token: 'NO', logprob: -1.2039728 },
          { token: 'Yes', logprob: -4.6051702 },
        ],
      },
    ]);
  });

  it('topLogprobs alone implies logprobs', async () => {
    server.setRoute(route, { type: 'json', body: vllmLogprobsCompletion });
    await vllm().generate({ messages, topLogprobs: 5 });
    const body = server.callsTo(route)[0]?.bodyJson as Record<string, unknown>;
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 5 });
  });

  it('leaves logprobs out of the request when not asked and out of the result when the server sends null', async () => {
    server.setRoute(route, { type: 'json', body: vllmCompletion });
    const result = await vllm().generate({ messages });
    const body = server.callsTo(route)[0]?.bodyJson as Record<string, unknown>;
    expect(body).not.toHaveProperty('logprobs');
    expect(body).not.toHaveProperty('top_logprobs');
    expect(result).not.toHaveProperty('logprobs');

    // asked, but the server answers without them (logprobs: null): absent, not an empty list
    const asked = await vllm().generate({ messages, logprobs: true });
    expect(asked.logprobs).toBeUndefined();
  });

  it('refuses a top_logprobs count the OpenAI API would reject, naming the option', async () => {
    const model = createOpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, server: 'openai' }).model('gpt-4.1-mini');
    const error = await model.generate({ messages, topLogprobs: 21 }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/topLogprobs: .*0 to 20/);
    expect(server.calls).toHaveLength(0);
  });
});

import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import anthropicMessage from './__fixtures__/anthropic-message.json';
import { createAnthropic } from './anthropic-provider';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ 'POST /v1/messages': { type: 'json', body: anthropicMessage } });
});
afterAll(async () => {
  await server.close();
});

describe('log-probabilities on Anthropic', () => {
  it('warns that none come back and leaves them out of the request and the result', async () => {
    const model = createAnthropic({ apiKey: 'sk-ant-test', baseURL: server.url }).model('claude-sonnet-4-5');
    const result = await model.generate({ messages: [{ role: 'user', content: 'YES or NO?' }], logprobs: true, topLogprobs: 5 });
    expect(result.logprobs).toBeUndefined();
    expect(result.warnings).toContainEqual({ type: 'unsupported-setting', setting: 'logprobs', details: 'The Anthropic Messages API returns no log-probabilities; the result has none.' });
    const body = server.callsTo('POST /v1/messages')[0]?.bodyJson as Record<string, unknown>;
    expect(Object.keys(body).filter((key) => key.includes('logprob'))).toEqual([]);
  });
});

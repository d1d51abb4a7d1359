import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import geminiResponse from './__fixtures__/gemini-response.json';
import { createGoogle } from './google-provider';

const route = 'POST /v1beta/models/gemini-2.5-flash:generateContent';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ [route]: { type: 'json', body: geminiResponse } });
});
afterAll(async () => {
  await server.close();
});

describe('log-probabilities on Gemini', () => {
  it('warns that none come back and leaves them out of the result', async () => {
    const model = createGoogle({ apiKey: 'gemini-test-key', baseURL: server.url }).model('gemini-2.5-flash');
    const result = await model.generate({ messages: [{ role: 'user', content: 'YES or NO?' }], logprobs: true });
    expect(result.logprobs).toBeUndefined();
    expect(result.warnings).toContainEqual({ type: 'unsupported-setting', setting: 'logprobs', details: 'This package does not ask Gemini for log-probabilities yet; the result has none.' });
    expect(server.callsTo(route)).toHaveLength(1);
  });
});

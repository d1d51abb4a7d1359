import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiCallError } from '../errors/api-call-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { callWithRetries, parseProviderOptions, type ModelRetryEvent } from './call-with-retries';

const base = { provider: 'vllm', modelId: 'qwen', url: 'http://127.0.0.1:1/v1/chat/completions' };

describe('callWithRetries', () => {
  it('retries a retryable failure and reports each retry with the model', async () => {
    const events: ModelRetryEvent[] = [];
    const attempts: number[] = [];
    const result = await callWithRetries(
      async (_signal, attemptNumber) => {
        attempts.push(attemptNumber);
        if (attemptNumber < 3) throw new ApiCallError({ message: 'busy', statusCode: 503 });
        return 'ok';
      },
      { ...base, timeoutMs: 1000, retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 }, onRetry: (event) => events.push(event) },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(events.map((event) => [event.retry, event.provider, event.modelId])).toEqual([
      [1, 'vllm', 'qwen'],
      [2, 'vllm', 'qwen'],
    ]);
  });

  it('turns a hung attempt into a retryable timeout naming the setting, and gives up after the retries', async () => {
    let calls = 0;
    const hang = (signal: AbortSignal) =>
      new Promise<string>((_resolve, reject) => {
        calls += 1;
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const failure = await callWithRetries(hang, { ...base, timeoutMs: 30, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } }).catch((error: unknown) => error);
    expect(ApiCallError.isInstance(failure)).toBe(true);
    expect((failure as ApiCallError).isRetryable).toBe(true);
    expect((failure as ApiCallError).message).toMatch(/^vllm request to http:\/\/127\.0\.0\.1:1\/v1\/chat\/completions timed out after 30 ms\. Raise the 'timeoutMs' setting/);
    expect(calls).toBe(2);
  });

  it('rejects with the caller\'s reason on abort, without retrying', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pending = callWithRetries(
      (signal) =>
        new Promise<string>((_resolve, reject) => {
          calls += 1;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      { ...base, timeoutMs: undefined, abortSignal: controller.signal },
    );
    controller.abort(new Error('user stopped'));
    await expect(pending).rejects.toThrow('user stopped');
    expect(calls).toBe(1);
  });
});

describe('parseProviderOptions', () => {
  const schema = z.strictObject({ extraBody: z.record(z.string(), z.unknown()).optional() });

  it('prefers the provider key, falls back to the package key, and is undefined when neither is set', () => {
    expect(parseProviderOptions(schema, { vllm: { extraBody: { a: 1 } }, openai: { extraBody: { b: 2 } } }, { provider: 'vllm', fallback: 'openai' })).toEqual({ extraBody: { a: 1 } });
    expect(parseProviderOptions(schema, { openai: { extraBody: { b: 2 } } }, { provider: 'vllm', fallback: 'openai' })).toEqual({ extraBody: { b: 2 } });
    expect(parseProviderOptions(schema, { anthropic: {} }, { provider: 'vllm', fallback: 'openai' })).toBeUndefined();
  });

  it('names the key and path of every issue', () => {
    const call = () => parseProviderOptions(schema, { openai: { extraBody: 3, nope: true } }, { provider: 'openai', fallback: 'openai' });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(/providerOptions\.openai\.extraBody: .*\n.*providerOptions\.openai: Unrecognized key: "nope"/s);
  });
});

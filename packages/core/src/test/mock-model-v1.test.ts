import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../errors/api-call-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { MockModelV1 } from './mock-model-v1';

describe('MockModelV1', () => {
  it('answers in script order and records what it was sent', async () => {
    const model = new MockModelV1({
      modelId: 'teacher',
      replies: ['first', { text: 'second', finishReason: 'length', usage: { inputTokens: 7, outputTokens: 3 } }, (options, index) => `echo ${index}: ${options.messages.at(-1)?.content}`],
    });
    const messages = [{ role: 'user', content: 'hello world' }] as const;
    const first = await model.generate({ messages, temperature: 0.5 });
    expect(first).toMatchObject({ text: 'first', finishReason: 'stop', warnings: [], usage: { inputTokens: 3, outputTokens: 2 } });
    expect((await model.generate({ messages })).finishReason).toBe('length');
    expect((await model.generate({ messages: [{ role: 'user', content: 'third' }] })).text).toBe('echo 2: third');
    expect(model.calls).toHaveLength(3);
    expect(model.calls[0]).toMatchObject({ temperature: 0.5, messages: [{ role: 'user', content: 'hello world' }] });
    expect(model.specificationVersion).toBe('v1');
    expect(model.modelId).toBe('teacher');
  });

  it('throws scripted errors, refuses to run past its script, and honours abort', async () => {
    const model = new MockModelV1({ replies: [new ApiCallError({ message: 'rate limited', statusCode: 429 })] });
    await expect(model.generate({ messages: [] })).rejects.toSatisfy(ApiCallError.isInstance);
    await expect(model.generate({ messages: [] })).rejects.toThrow(InvalidArgumentError);
    const repeating = new MockModelV1({ replies: ['again'], repeatLast: true });
    await repeating.generate({ messages: [] });
    expect((await repeating.generate({ messages: [] })).text).toBe('again');
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(repeating.generate({ messages: [], abortSignal: controller.signal })).rejects.toThrow('stopped');
  });
});

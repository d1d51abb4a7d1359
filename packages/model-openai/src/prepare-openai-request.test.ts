import { describe, expect, it } from 'vitest';
import { isOpenAIReasoningModel, prepareOpenAIRequest } from './prepare-openai-request';

const messages = [{ role: 'user', content: 'hi' }] as const;

describe('prepareOpenAIRequest', () => {
  it('sends SGLang the same extra fields as vLLM and maps minimal effort to low with a warning', () => {
    const { body, warnings } = prepareOpenAIRequest({
      modelId: 'm',
      server: 'sglang',
      messages,
      settings: { topK: 20, repetitionPenalty: 1.05, presencePenalty: 0.5, reasoningEffort: 'minimal' },
      providerOptions: undefined,
    });
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      top_k: 20,
      repetition_penalty: 1.05,
      presence_penalty: 0.5,
      reasoning_effort: 'low',
    });
    expect(warnings).toEqual([{ type: 'other', message: expect.stringContaining("'minimal' was sent as 'low'") }]);
  });

  it('rejects more than four stop sequences for the OpenAI API only', () => {
    const stop = ['a', 'b', 'c', 'd', 'e'];
    const prepare = (server: 'openai' | 'vllm') => () =>
      prepareOpenAIRequest({ modelId: 'gpt-4o', server, messages, settings: { stop }, providerOptions: undefined });
    expect(prepare('openai')).toThrow(/stop: the OpenAI API takes at most 4 stop sequences, got 5/);
    expect(prepare('vllm')().body['stop']).toEqual(stop);
  });

  it('knows which OpenAI models reason', () => {
    expect(['o3', 'o4-mini', 'gpt-5', 'gpt-5-mini-2025-08-07'].every(isOpenAIReasoningModel)).toBe(true);
    expect(['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest'].some(isOpenAIReasoningModel)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { anthropicThinkingStyle, prepareAnthropicRequest } from './prepare-anthropic-request';

describe('anthropicThinkingStyle', () => {
  it('uses budgets up to the 4.5 family and adaptive thinking after it', () => {
    for (const modelId of ['claude-3-7-sonnet-latest', 'claude-sonnet-4-20250514', 'claude-opus-4-1', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5']) {
      expect(anthropicThinkingStyle(modelId), modelId).toBe('budget');
    }
    for (const modelId of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-5', 'claude-mythos-preview']) {
      expect(anthropicThinkingStyle(modelId), modelId).toBe('adaptive');
    }
  });
});

describe('prepareAnthropicRequest', () => {
  it('joins leading system messages and maps tool output to a user turn', () => {
    const { body } = prepareAnthropicRequest({
      modelId: 'claude-haiku-4-5',
      messages: [
        { role: 'system', content: 'one' },
        { role: 'system', content: 'two' },
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'ls' },
        { role: 'tool', content: 'a.txt', toolCallId: 'call_1' },
      ],
      settings: { maxOutputTokens: 10, reasoningEffort: 'low' },
      defaultMaxOutputTokens: 8192,
      promptCaching: false,
      providerOptions: undefined,
    });
    expect(body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 10 + 1024,
      system: 'one\n\ntwo',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'ls' },
        { role: 'user', content: 'a.txt' },
      ],
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
  });
});

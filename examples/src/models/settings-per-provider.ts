// What each provider sends for the same call, and what it warns about, without a network
// or a key: the paper's open-weight sampling (temperature 1.0, top-p 0.8, top-k 20,
// repetition penalty 1.05) and minimal reasoning, prepared for vLLM, OpenAI, Claude and Gemini.
import type { ModelV1Message, ModelV1Settings } from '@swespot/core';
import { prepareAnthropicRequest } from '@swespot/model-anthropic';
import { prepareGoogleRequest } from '@swespot/model-google';
import { prepareOpenAIRequest } from '@swespot/model-openai';

const messages: ModelV1Message[] = [
  { role: 'system', content: 'You are a software engineer working in /testbed.' },
  { role: 'user', content: 'Run the failing test and show its output.' },
];
const settings: ModelV1Settings = {
  temperature: 1.0,
  topP: 0.8,
  topK: 20,
  repetitionPenalty: 1.05,
  maxOutputTokens: 2048,
  reasoningEffort: 'none',
};

const prepared = {
  'vLLM (Qwen/Qwen3-4B-Instruct-2507)': prepareOpenAIRequest({
    modelId: 'Qwen/Qwen3-4B-Instruct-2507', server: 'vllm', messages, settings, providerOptions: undefined,
  }),
  'OpenAI (gpt-4.1-mini)': prepareOpenAIRequest({
    modelId: 'gpt-4.1-mini', server: 'openai', messages, settings, providerOptions: undefined,
  }),
  'Anthropic (claude-sonnet-4-5)': prepareAnthropicRequest({
    modelId: 'claude-sonnet-4-5', messages, settings, defaultMaxOutputTokens: 8192, promptCaching: true, providerOptions: undefined,
  }),
  'Google (gemini-2.5-flash)': (() => {
    const { contents, config, warnings } = prepareGoogleRequest({ modelId: 'gemini-2.5-flash', messages, settings, providerOptions: undefined });
    return { body: { contents, config }, warnings };
  })(),
};

for (const [name, { body, warnings }] of Object.entries(prepared)) {
  const { messages: _messages, contents: _contents, ...fields } = body as Record<string, unknown>;
  console.log(`\n== ${name}\nsent: ${JSON.stringify(fields)}`);
  for (const warning of warnings) {
    console.log(`warning: ${warning.type === 'unsupported-setting' ? `${warning.setting}: ${warning.details ?? ''}` : warning.message}`);
  }
}

/**
 * `@swespot/model-openai`: the swespot `ModelV1` interface over the OpenAI Chat Completions
 * API and OpenAI-compatible servers (vLLM, SGLang, llama.cpp) where a trained student is served.
 */
export { VERSION } from './version';
export {
  createOpenAI,
  PLACEHOLDER_API_KEY,
  type OpenAIProvider,
  type OpenAIProviderSettings,
} from './openai-provider';
export {
  OpenAIChatModel,
  type OpenAIChatModelConfig,
  type OpenAIModelSettings,
  type OpenAIRetryEvent,
} from './openai-chat-model';
export {
  prepareOpenAIRequest,
  isOpenAIReasoningModel,
  openaiProviderOptionsSchema,
  type OpenAICompatibleServer,
  type OpenAIProviderOptions,
  type PrepareOpenAIRequestOptions,
  type PreparedOpenAIRequest,
} from './prepare-openai-request';
export { openaiPrices } from './openai-prices';

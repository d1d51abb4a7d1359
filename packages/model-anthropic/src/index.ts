/**
 * `@swespot/model-anthropic`: the swespot `ModelV1` interface over the Anthropic Messages
 * API (@anthropic-ai/sdk).
 */
export { VERSION } from './version';
export { createAnthropic, type AnthropicProvider, type AnthropicProviderSettings } from './anthropic-provider';
export {
  AnthropicMessagesModel,
  type AnthropicMessagesModelConfig,
  type AnthropicModelSettings,
  type AnthropicRetryEvent,
} from './anthropic-messages-model';
export {
  prepareAnthropicRequest,
  anthropicProviderOptionsSchema,
  ANTHROPIC_THINKING_BUDGETS,
  anthropicThinkingStyle,
  type AnthropicProviderOptions,
  type PrepareAnthropicRequestOptions,
  type PreparedAnthropicRequest,
} from './prepare-anthropic-request';
export { convertToAnthropicMessages, type AnthropicMessage, type AnthropicPrompt } from './convert-to-anthropic-messages';
export { anthropicPrices } from './anthropic-prices';

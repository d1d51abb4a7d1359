/**
 * `@swespot/model-google`: the swespot `ModelV1` interface over the Gemini API (@google/genai).
 */
export { VERSION } from './version';
export { createGoogle, type GoogleProvider, type GoogleProviderSettings } from './google-provider';
export {
  GoogleGenerativeModel,
  type GoogleGenerativeModelConfig,
  type GoogleModelSettings,
  type GoogleRetryEvent,
} from './google-generative-model';
export {
  prepareGoogleRequest,
  googleProviderOptionsSchema,
  googleThinkingStyle,
  type GoogleProviderOptions,
  type PrepareGoogleRequestOptions,
  type PreparedGoogleRequest,
} from './prepare-google-request';
export { convertToGoogleContents, type GoogleContent, type GooglePrompt } from './convert-to-google-contents';
export { parseGoogleRetryDelay } from './to-google-api-call-error';
export { googlePrices } from './google-prices';

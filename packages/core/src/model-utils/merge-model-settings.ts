import type { ModelV1CallOptions } from '../model/v1/model-v1-call-options';
import type { ModelV1Settings } from '../model/v1/model-v1-settings';

/** Every key of {@link ModelV1Settings}, in a fixed order. */
export const MODEL_SETTING_KEYS = [
  'temperature',
  'topP',
  'topK',
  'repetitionPenalty',
  'presencePenalty',
  'frequencyPenalty',
  'maxOutputTokens',
  'stop',
  'seed',
  'reasoningEffort',
] as const satisfies readonly (keyof ModelV1Settings)[];

/**
 * A model's default settings overlaid with the settings a call sets: a call's value wins
 * wherever it is not `undefined`. Only settings are copied, never messages or headers.
 */
export function mergeModelSettings(defaults: ModelV1Settings, options: ModelV1CallOptions): ModelV1Settings {
  const merged: Record<string, unknown> = { ...defaults };
  for (const key of MODEL_SETTING_KEYS) {
    if (options[key] !== undefined) merged[key] = options[key];
  }
  return merged as ModelV1Settings;
}

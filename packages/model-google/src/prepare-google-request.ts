import type { ModelV1Message, ModelV1Settings, ModelV1Warning } from '@swespot/core';
import { z } from 'zod';
import { convertToGoogleContents, type GoogleContent } from './convert-to-google-contents';

/** Options only this package understands, under `providerOptions.google`. */
export const googleProviderOptionsSchema = z.strictObject({
  /**
   * Fields merged into the `generateContent` config last, e.g. `{ safetySettings: [...] }`
   * or `{ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } }`.
   */
  extraConfig: z.record(z.string(), z.unknown()).optional(),
});

/** Options only this package understands; see {@link googleProviderOptionsSchema}. */
export type GoogleProviderOptions = z.infer<typeof googleProviderOptionsSchema>;

type Effort = NonNullable<ModelV1Settings['reasoningEffort']>;

/**
 * How a Gemini model takes a thinking setting: `level` (`thinkingLevel`, Gemini 3),
 * `budget` (`thinkingBudget` in tokens, Gemini 2.5), or `none` (models that do not think).
 */
export function googleThinkingStyle(modelId: string): 'level' | 'budget' | 'none' {
  const id = modelId.replace(/^models\//, '');
  if (/^gemini-3/.test(id)) return 'level';
  if (/^gemini-2\.5/.test(id)) return 'budget';
  return 'none';
}

/** Input of {@link prepareGoogleRequest}. */
export interface PrepareGoogleRequestOptions {
  readonly modelId: string;
  readonly messages: readonly ModelV1Message[];
  readonly settings: ModelV1Settings;
  readonly providerOptions: GoogleProviderOptions | undefined;
}

/** The `contents` and `config` of a `generateContent` call, and the warnings about settings it could not carry. */
export interface PreparedGoogleRequest {
  readonly contents: GoogleContent[];
  readonly config: Record<string, unknown>;
  readonly warnings: ModelV1Warning[];
}

/**
 * Builds the `generateContent` input for one call, with a warning for every setting it
 * cannot carry (never dropped silently): `repetitionPenalty` (no such parameter), and a
 * `reasoningEffort` the model cannot honour exactly. Efforts map to `thinkingLevel` on
 * Gemini 3 (Pro: LOW or HIGH; Flash: MINIMAL, LOW, MEDIUM, HIGH) and to `thinkingBudget`
 * on Gemini 2.5 (none 0, minimal 512, low 1024, medium 8192, high 24576; Pro cannot turn
 * thinking off and takes 128 to 32768).
 */
export function prepareGoogleRequest(options: PrepareGoogleRequestOptions): PreparedGoogleRequest {
  const { settings, modelId } = options;
  const warnings: ModelV1Warning[] = [];
  const { systemInstruction, contents } = convertToGoogleContents(options.messages);
  const config: Record<string, unknown> = {};
  if (systemInstruction !== undefined) config['systemInstruction'] = systemInstruction;

  const passThrough = [
    ['temperature', 'temperature'],
    ['topP', 'topP'],
    ['topK', 'topK'],
    ['presencePenalty', 'presencePenalty'],
    ['frequencyPenalty', 'frequencyPenalty'],
    ['maxOutputTokens', 'maxOutputTokens'],
    ['seed', 'seed'],
  ] as const;
  for (const [setting, field] of passThrough) {
    if (settings[setting] !== undefined) config[field] = settings[setting];
  }
  if (settings.stop !== undefined && settings.stop.length > 0) config['stopSequences'] = [...settings.stop];
  if (settings.repetitionPenalty !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'repetitionPenalty',
      details: 'The Gemini API has no repetition penalty; left out. Use presencePenalty or frequencyPenalty.',
    });
  }

  const effort = settings.reasoningEffort;
  if (effort !== undefined) {
    const thinking = mapThinking(modelId, effort);
    if (thinking.config !== undefined) config['thinkingConfig'] = thinking.config;
    if (thinking.warning !== undefined) warnings.push(thinking.warning);
  }

  if (options.providerOptions?.extraConfig !== undefined) Object.assign(config, options.providerOptions.extraConfig);
  return { contents, config, warnings };
}

function mapThinking(
  modelId: string,
  effort: Effort,
): { config?: Record<string, unknown>; warning?: ModelV1Warning } {
  const style = googleThinkingStyle(modelId);
  const isPro = /-pro/.test(modelId);
  const adjusted = (message: string): ModelV1Warning => ({ type: 'other', message });
  if (style === 'none') {
    return {
      warning: {
        type: 'unsupported-setting',
        setting: 'reasoningEffort',
        details: `Gemini model '${modelId}' has no thinking setting; left out.`,
      },
    };
  }
  if (style === 'level') {
    const levels: Record<Effort, string> = isPro
      ? { none: 'LOW', minimal: 'LOW', low: 'LOW', medium: 'HIGH', high: 'HIGH' }
      : { none: 'MINIMAL', minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };
    const level = levels[effort];
    const exact = effort.toUpperCase() === level;
    return {
      config: { thinkingLevel: level },
      ...(exact ? {} : { warning: adjusted(`Gemini '${modelId}' has no '${effort}' thinking level; ${level} was sent.`) }),
    };
  }
  const budgets: Record<Effort, number> = isPro
    ? { none: 128, minimal: 128, low: 1024, medium: 8192, high: 32_768 }
    : { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24_576 };
  return {
    config: { thinkingBudget: budgets[effort] },
    ...(isPro && effort === 'none'
      ? { warning: adjusted(`Gemini '${modelId}' cannot turn thinking off; the smallest budget (128 tokens) was sent.`) }
      : {}),
  };
}

import type { ModelV1Message, ModelV1Settings, ModelV1Warning } from '@swespot/core';
import { z } from 'zod';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';

/** Options only this package understands, under `providerOptions.anthropic`. */
export const anthropicProviderOptionsSchema = z.strictObject({
  /** Fields merged into the request body last, e.g. `{ metadata: { user_id: 'run-7' } }`. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

/** Options only this package understands; see {@link anthropicProviderOptionsSchema}. */
export type AnthropicProviderOptions = z.infer<typeof anthropicProviderOptionsSchema>;

/**
 * Thinking tokens, per `reasoningEffort` that turns thinking on: the `budget_tokens` of
 * manual extended thinking, and the headroom added to `max_tokens` in both thinking modes
 * (thinking counts toward `max_tokens`), so that `maxOutputTokens` still leaves room for the answer.
 */
export const ANTHROPIC_THINKING_BUDGETS = { low: 1024, medium: 4096, high: 16_384 } as const;

/**
 * How a model takes thinking: `budget` (manual extended thinking, `thinking: { type:
 * 'enabled', budget_tokens }`) for Claude 3.x and the 4.0–4.5 families, `adaptive`
 * (`thinking: { type: 'adaptive' }` with `output_config.effort`) for later models.
 */
export function anthropicThinkingStyle(modelId: string): 'budget' | 'adaptive' {
  return /^claude-3/.test(modelId) || /^claude-(opus|sonnet|haiku)-4(-[0-5])?(-\d{8})?$/.test(modelId)
    ? 'budget'
    : 'adaptive';
}

/** Input of {@link prepareAnthropicRequest}. */
export interface PrepareAnthropicRequestOptions {
  readonly modelId: string;
  readonly messages: readonly ModelV1Message[];
  readonly settings: ModelV1Settings;
  /** `max_tokens` when the call sets no `maxOutputTokens` (the API requires one). */
  readonly defaultMaxOutputTokens: number;
  /** Adds the top-level `cache_control` breakpoint (prompt caching of the whole prefix). */
  readonly promptCaching: boolean;
  readonly providerOptions: AnthropicProviderOptions | undefined;
}

/** A Messages request body and the warnings about settings it could not carry. */
export interface PreparedAnthropicRequest {
  readonly body: Record<string, unknown>;
  readonly warnings: ModelV1Warning[];
}

const unsupportedSettings = [
  'temperature',
  'topP',
  'topK',
  'repetitionPenalty',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
] as const satisfies readonly (keyof ModelV1Settings)[];

/**
 * Builds the body of one Messages request for the API version `@anthropic-ai/sdk` 1.x
 * speaks (`anthropic-version: 2026-10-21`), with a warning for every setting it cannot
 * carry (never dropped silently):
 * - `temperature`, `topP`, `topK` (that version has no sampling parameters; the model's
 *   defaults apply), `repetitionPenalty`, `presencePenalty`, `frequencyPenalty`, `seed`;
 * - `reasoningEffort: 'none'` sends `thinking: { type: 'disabled' }`; `minimal` does the same
 *   with a warning; `low`, `medium`, `high` turn thinking on in the model's style
 *   ({@link anthropicThinkingStyle}) and add {@link ANTHROPIC_THINKING_BUDGETS} to `max_tokens`.
 */
export function prepareAnthropicRequest(options: PrepareAnthropicRequestOptions): PreparedAnthropicRequest {
  const { settings, modelId } = options;
  const warnings: ModelV1Warning[] = [];
  const { system, messages } = convertToAnthropicMessages(options.messages);

  const effort = settings.reasoningEffort;
  const budget = effort === 'low' || effort === 'medium' || effort === 'high' ? ANTHROPIC_THINKING_BUDGETS[effort] : undefined;
  const body: Record<string, unknown> = {
    model: modelId,
    max_tokens: (settings.maxOutputTokens ?? options.defaultMaxOutputTokens) + (budget ?? 0),
    messages,
  };
  if (system !== undefined) body['system'] = system;
  if (settings.stop !== undefined && settings.stop.length > 0) body['stop_sequences'] = [...settings.stop];
  if (options.promptCaching) body['cache_control'] = { type: 'ephemeral' };

  for (const setting of unsupportedSettings) {
    if (settings[setting] === undefined) continue;
    warnings.push({
      type: 'unsupported-setting',
      setting,
      details: `The Anthropic Messages API (version 2026-10-21) has no ${setting}; left out, the model's default applies.`,
    });
  }

  if (budget !== undefined && (effort === 'low' || effort === 'medium' || effort === 'high')) {
    if (anthropicThinkingStyle(modelId) === 'budget') {
      body['thinking'] = { type: 'enabled', budget_tokens: budget };
    } else {
      body['thinking'] = { type: 'adaptive' };
      body['output_config'] = { effort };
    }
  } else if (effort === 'none' || effort === 'minimal') {
    body['thinking'] = { type: 'disabled' };
    if (effort === 'minimal') {
      warnings.push({ type: 'other', message: "Claude has no 'minimal' reasoning effort; thinking was disabled." });
    }
  }

  if (options.providerOptions?.extraBody !== undefined) Object.assign(body, options.providerOptions.extraBody);
  return { body, warnings };
}

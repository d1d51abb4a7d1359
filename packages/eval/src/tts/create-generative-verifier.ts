import { readFile } from 'node:fs/promises';
import {
  InvalidArgumentError,
  type ModelV1,
  type ModelV1Result,
  type ModelV1Settings,
  type ModelV1Warning,
  type VerifierV1,
  type VerifierV1CallOptions,
  type VerifierV1Result,
} from '@swespot/core';
import { DEFAULT_VERIFIER_TEMPLATES, type VerifierTemplates } from './default-verifier-templates';
import { answerOfText, yesProbabilityFromLogprobs } from './read-yes-no';
import { renderVerifierPrompt, type RenderVerifierPromptOptions } from './render-verifier-prompt';

/** A prompt template given inline, or read from a UTF-8 file on first use. */
export type VerifierTemplateSource = string | { readonly file: string };

/**
 * How the score is obtained.
 * - `auto` (default): the first call asks for log-probabilities; when the answer comes back
 *   with them, the score is read from them (one call). When the provider returns none, that
 *   reply is the first of `samples` sampled answers, and later verifications skip asking.
 * - `logprobs`: log-probabilities only; a reply without them is an error.
 * - `sampling`: the share of YES among `samples` answers, never asking for log-probabilities.
 */
export type GenerativeVerifierMethod = 'auto' | 'logprobs' | 'sampling';

/** Settings of {@link createGenerativeVerifier}. */
export interface GenerativeVerifierSettings extends Omit<RenderVerifierPromptOptions, 'task' | 'candidate' | 'templates'> {
  /** The judging model, e.g. `createOpenAI({ baseURL, server: 'vllm' }).model('my-verifier')`. */
  readonly model: ModelV1;
  /** See {@link GenerativeVerifierMethod}. Default: `auto`. */
  readonly method?: GenerativeVerifierMethod;
  /** Answers sampled per candidate when sampling. Default: 8. */
  readonly samples?: number;
  /** Alternatives asked for at each position (OpenAI takes at most 20). Default: 20. */
  readonly topLogprobs?: number;
  /**
   * Sampling settings of every call. Default: temperature 1 and 64 output tokens. For Qwen3
   * models that think, set `reasoningEffort: 'none'` so the first token is the answer.
   */
  readonly settings?: ModelV1Settings;
  /** Replaces the default prompt (see {@link DEFAULT_VERIFIER_TEMPLATES} for the placeholders); each part inline or `{ file }`. */
  readonly templates?: VerifierTemplateSources;
}

async function loadTemplate(source: VerifierTemplateSource | undefined, fallback: string, name: string): Promise<string> {
  if (source === undefined) return fallback;
  if (typeof source === 'string') return source;
  try {
    return await readFile(source.file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError({
      argument: `templates.${name}`,
      message: `templates.${name}: cannot read the template file ${source.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give an existing UTF-8 file or the template as a string.`,
      cause: error,
    });
  }
}

/** Where the verifier's templates come from: each part inline or `{ file }`; a part left out is the default. */
export interface VerifierTemplateSources {
  readonly system?: VerifierTemplateSource;
  readonly user?: VerifierTemplateSource;
}

/**
 * Reads verifier templates (files as UTF-8), filling parts left out with
 * {@link DEFAULT_VERIFIER_TEMPLATES}. Use the same templates for training data
 * (`exportVerifierDataset`) and for the verifier, so it sees at inference what it learned on.
 *
 * @throws {InvalidArgumentError} naming `templates.system` or `templates.user` and the file when it cannot be read.
 */
export async function loadVerifierTemplates(sources: VerifierTemplateSources = {}): Promise<VerifierTemplates> {
  return {
    system: await loadTemplate(sources.system, DEFAULT_VERIFIER_TEMPLATES.system, 'system'),
    user: await loadTemplate(sources.user, DEFAULT_VERIFIER_TEMPLATES.user, 'user'),
  };
}

function addUsage(results: readonly ModelV1Result[]): Pick<VerifierV1Result, 'usage' | 'costUsd' | 'warnings'> {
  const sum = (pick: (result: ModelV1Result) => number | undefined) => {
    const values = results.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0);
  };
  const costUsd = sum((result) => result.costUsd);
  const warnings = new Map<string, ModelV1Warning>();
  for (const result of results) for (const warning of result.warnings) warnings.set(JSON.stringify(warning), warning);
  return {
    usage: { inputTokens: sum((result) => result.usage.inputTokens), outputTokens: sum((result) => result.usage.outputTokens) },
    ...(costUsd === undefined ? {} : { costUsd }),
    warnings: [...warnings.values()],
  };
}

/**
 * A generative verifier (SWE-Lego): a `ModelV1` reads the issue, the candidate's trajectory
 * (trimmed to `tokenBudget`, keeping the final patch and the last test outputs) and answers
 * YES or NO. The score is P(YES) from the answer token's log-probabilities when the provider
 * returns them (OpenAI, vLLM, SGLang through `@swespot/model-openai`), else the share of YES
 * over `samples` answers. Synchronous and free of I/O: template files are read on first use.
 *
 * @example
 * ```ts
 * const verifier = createGenerativeVerifier({
 *   model: createOpenAI({ baseURL: 'http://localhost:8000/v1', server: 'vllm' }).model('Qwen/Qwen3-8B'),
 *   settings: { reasoningEffort: 'none' },
 *   templates: { user: { file: './verifier-user.txt' } },
 * });
 * const { score, method } = await verifier.verify({ task, candidate: { id: trajectory.id, trajectory } });
 * ```
 */
export function createGenerativeVerifier(settings: GenerativeVerifierSettings): VerifierV1 {
  const method = settings.method ?? 'auto';
  const samples = settings.samples ?? 8;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new InvalidArgumentError({ argument: 'samples', message: `samples: expected a whole number of at least 1, got ${samples}.` });
  }
  const topLogprobs = settings.topLogprobs ?? 20;
  const callSettings: ModelV1Settings = { temperature: 1, maxOutputTokens: 64, ...settings.settings };
  let templates: Promise<VerifierTemplates> | undefined;
  // Set once a reply comes back without log-probabilities, so later candidates do not ask again.
  let providerReturnsLogprobs = method !== 'sampling';

  return {
    specificationVersion: 'v1',
    verifierId: `generative:${settings.model.provider}:${settings.model.modelId}`,
    async verify(options: VerifierV1CallOptions): Promise<VerifierV1Result> {
      options.abortSignal?.throwIfAborted();
      templates ??= loadVerifierTemplates(settings.templates);
      const prompt = renderVerifierPrompt({ ...settings, templates: await templates, task: options.task, candidate: options.candidate });
      const signal = options.abortSignal ? { abortSignal: options.abortSignal } : {};
      const results: ModelV1Result[] = [];

      if (providerReturnsLogprobs) {
        const first = await settings.model.generate({ ...callSettings, messages: prompt.messages, logprobs: true, topLogprobs, ...signal });
        results.push(first);
        const score = first.logprobs === undefined ? undefined : yesProbabilityFromLogprobs(first.logprobs);
        if (score !== undefined) {
          return { score, verdict: score >= 0.5 ? 'yes' : 'no', method: 'logprobs', calls: 1, ...addUsage(results) };
        }
        if (method === 'logprobs') {
          throw new InvalidArgumentError({
            argument: 'method',
            message: first.logprobs === undefined
              ? `method: 'logprobs' but ${settings.model.provider}:${settings.model.modelId} returned no log-probabilities; serve it with vLLM or SGLang (OpenAI-compatible), or use method 'auto' or 'sampling'.`
              : `method: 'logprobs' but no generated token of ${settings.model.provider}:${settings.model.modelId} spelled YES or NO (reply: ${JSON.stringify(first.text.slice(0, 200))}); check the prompt templates or use method 'auto'.`,
          });
        }
        if (first.logprobs === undefined) providerReturnsLogprobs = false;
      }
      const more = Array.from({ length: samples - results.length }, () =>
        settings.model.generate({ ...callSettings, messages: prompt.messages, ...signal }),
      );
      results.push(...(await Promise.all(more)));
      const answers = results.map((result) => answerOfText(result.text));
      const valid = answers.filter((answer) => answer !== undefined).length;
      const yes = answers.filter((answer) => answer === 'yes').length;
      const score = valid === 0 ? 0 : yes / valid;
      return { score, verdict: score >= 0.5 ? 'yes' : 'no', method: 'sampling', calls: results.length, votes: { yes, valid }, ...addUsage(results) };
    },
  };
}

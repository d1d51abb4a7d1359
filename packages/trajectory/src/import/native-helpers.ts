import type { SamplingSettings, Submission } from '@swespot/core';

/** The text of a chat message content that may be a string, null or a list of `{ type, text }` parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}

/** A submission string as a core submission: a unified diff, a report, or null when empty. */
export function submissionFromText(text: string | null | undefined): Submission | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  return /^diff --git |^--- \S.*\n\+\+\+ /m.test(text) ? { type: 'diff', diff: text } : { type: 'report', text };
}

/** The text of a core submission, empty when there is none. */
export function submissionToText(submission: Submission | null): string {
  if (submission === null) return '';
  return submission.type === 'diff' ? submission.diff : submission.text;
}

/** Seconds since the epoch (as Python's `time.time()`) to ISO 8601. */
export function secondsToIso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/** LiteLLM-style model kwargs (`temperature`, `top_p`, `top_k`, `max_tokens`, ...) as core sampling settings; unknown keys are dropped. */
export function samplingFromModelKwargs(kwargs: Record<string, unknown> | undefined): SamplingSettings {
  const settings: SamplingSettings = {};
  if (kwargs === undefined) return settings;
  const number = (key: string): number | undefined => (typeof kwargs[key] === 'number' ? (kwargs[key] as number) : undefined);
  const temperature = number('temperature');
  if (temperature !== undefined && temperature >= 0) settings.temperature = temperature;
  const topP = number('top_p');
  if (topP !== undefined && topP > 0 && topP <= 1) settings.topP = topP;
  const topK = number('top_k');
  if (topK !== undefined && Number.isInteger(topK) && topK > 0) settings.topK = topK;
  const repetitionPenalty = number('repetition_penalty');
  if (repetitionPenalty !== undefined && repetitionPenalty > 0) settings.repetitionPenalty = repetitionPenalty;
  const maxTokens = number('max_tokens') ?? number('max_completion_tokens');
  if (maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens > 0) settings.maxOutputTokens = maxTokens;
  const seed = number('seed');
  if (seed !== undefined && Number.isInteger(seed)) settings.seed = seed;
  if (Array.isArray(kwargs.stop) && kwargs.stop.every((item) => typeof item === 'string' && item !== '')) {
    settings.stop = kwargs.stop as string[];
  }
  return settings;
}

/** Core sampling settings as LiteLLM model kwargs (the inverse of {@link samplingFromModelKwargs}). */
export function samplingToModelKwargs(settings: SamplingSettings): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  if (settings.temperature !== undefined) kwargs.temperature = settings.temperature;
  if (settings.topP !== undefined) kwargs.top_p = settings.topP;
  if (settings.topK !== undefined) kwargs.top_k = settings.topK;
  if (settings.repetitionPenalty !== undefined) kwargs.repetition_penalty = settings.repetitionPenalty;
  if (settings.maxOutputTokens !== undefined) kwargs.max_tokens = settings.maxOutputTokens;
  if (settings.seed !== undefined) kwargs.seed = settings.seed;
  if (settings.stop !== undefined) kwargs.stop = settings.stop;
  return kwargs;
}

/** Observations that say the command was killed by its timeout (mini-swe-agent and SWE-agent templates). */
export const timeoutPattern = /timed out and has been killed|TimeoutExpired|command timed out|timed out after \d+/i;

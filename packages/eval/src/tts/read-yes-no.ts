import type { ModelV1GeneratedTokenLogprob } from '@swespot/core';

/** A token's text reduced to the word it spells: byte-level BPE and SentencePiece space marks, white space and punctuation dropped, lower case. */
function wordOf(token: string): string {
  return token
    .replace(/[\u0120\u2581]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/**
 * The probability of YES read from per-token log-probabilities: at the first generated token
 * that spells `yes` or `no` (any case, with or without a leading space), the probabilities of
 * every alternative spelling `yes` and every one spelling `no` are summed and normalised,
 * `P(yes) / (P(yes) + P(no))`. Without alternatives (`topLogprobs` not returned) the answer
 * token's own probability stands for its word and the rest for the other.
 *
 * @returns the score in [0, 1], or `undefined` when no generated token spells yes or no.
 */
export function yesProbabilityFromLogprobs(logprobs: readonly ModelV1GeneratedTokenLogprob[]): number | undefined {
  const answer = logprobs.find((entry) => {
    const word = wordOf(entry.token);
    return word === 'yes' || word === 'no';
  });
  if (answer === undefined) return undefined;
  if (answer.topLogprobs.length === 0) {
    const probability = Math.exp(answer.logprob);
    return wordOf(answer.token) === 'yes' ? probability : 1 - probability;
  }
  const seen = new Set<string>();
  let yes = 0;
  let no = 0;
  for (const alternative of [answer, ...answer.topLogprobs]) {
    if (seen.has(alternative.token)) continue;
    seen.add(alternative.token);
    const word = wordOf(alternative.token);
    if (word === 'yes') yes += Math.exp(alternative.logprob);
    else if (word === 'no') no += Math.exp(alternative.logprob);
  }
  return yes + no === 0 ? undefined : yes / (yes + no);
}

/**
 * The answer of a sampled reply: the last standalone YES or NO (any case) after any
 * `<think>...</think>` block, so "No doubt ... the answer is YES" counts as YES.
 *
 * @returns `yes`, `no`, or `undefined` when the reply says neither.
 */
export function answerOfText(text: string): 'yes' | 'no' | undefined {
  const visible = text.replace(/<think>[\s\S]*?<\/think>/g, ' ');
  const words = visible.match(/\b(yes|no)\b/gi);
  const last = words?.at(-1)?.toLowerCase();
  return last === 'yes' || last === 'no' ? last : undefined;
}

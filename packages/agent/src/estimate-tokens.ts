/**
 * The default token estimate of a text: one token per 4 characters, rounded up. Close to
 * BPE tokenizers on English and code (they average 3.5 to 4.5 characters per token) and
 * costs nothing; pass a real tokenizer as `estimateTokens` to the agent for exact counts.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

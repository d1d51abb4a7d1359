import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';

/** Counts the tokens of a text, with a real tokenizer or an estimate. */
export interface TokenCounter {
  /** `tokenizer` when counts come from a model's tokenizer.json, `estimate` otherwise. */
  readonly kind: 'tokenizer' | 'estimate';
  /** What counts: the tokenizer file, or the estimate rule. */
  readonly name: string;
  /** Tokens of `text` without special tokens (the chat template adds a few per message). */
  count(text: string): number;
}

/** Settings of {@link createEstimateTokenCounter}. */
export interface EstimateTokenCounterSettings {
  /** Characters (UTF-16 code units) per token. Default 3.5, between English prose (about 4) and code (about 3) for BPE vocabularies of 100k-150k tokens. */
  charactersPerToken?: number;
}

/**
 * A token counter that estimates: the text's length divided by `charactersPerToken`, rounded
 * up. Cheap and deterministic; off by 10-30% against a real tokenizer, so use
 * {@link loadTokenizerTokenCounter} when the bounds matter.
 */
export function createEstimateTokenCounter(settings: EstimateTokenCounterSettings = {}): TokenCounter {
  const charactersPerToken = settings.charactersPerToken ?? 3.5;
  if (!(charactersPerToken > 0)) {
    throw new InvalidArgumentError({ argument: 'charactersPerToken', message: `charactersPerToken must be a positive number, got ${charactersPerToken}` });
  }
  return {
    kind: 'estimate',
    name: `${charactersPerToken} characters per token`,
    count: (text) => Math.ceil(text.length / charactersPerToken),
  };
}

/** Options of {@link loadTokenizerTokenCounter}. */
export interface LoadTokenizerTokenCounterOptions {
  /** Path of the model's `tokenizer.json` (Hugging Face tokenizers format). `tokenizer_config.json` beside it is read when present. */
  tokenizerPath: string;
  /** Cancels reading the files. */
  abortSignal?: AbortSignal;
}

/**
 * Loads a model's local `tokenizer.json` with `@huggingface/tokenizers` (pure JavaScript, no
 * network, no native code) and returns a counter that encodes each text without special tokens.
 *
 * @throws {InvalidArgumentError} when the file cannot be read or is not a tokenizer the library supports.
 */
export async function loadTokenizerTokenCounter(options: LoadTokenizerTokenCounterOptions): Promise<TokenCounter> {
  const { tokenizerPath, abortSignal } = options;
  let tokenizerJson: unknown;
  try {
    tokenizerJson = JSON.parse(await readFile(tokenizerPath, { encoding: 'utf8', ...(abortSignal ? { signal: abortSignal } : {}) }));
  } catch (error) {
    throw new InvalidArgumentError({ argument: 'tokenizerPath', message: `${tokenizerPath}: cannot read the tokenizer (${(error as Error).message}); pass the model's tokenizer.json with --tokenizer`, cause: error });
  }
  let config: unknown = {};
  try {
    config = JSON.parse(await readFile(join(dirname(tokenizerPath), 'tokenizer_config.json'), 'utf8'));
  } catch {
    // tokenizer_config.json is optional: it only adds chat-template metadata we do not use.
  }
  const { Tokenizer } = await import('@huggingface/tokenizers');
  let tokenizer: InstanceType<typeof Tokenizer>;
  try {
    tokenizer = new Tokenizer(tokenizerJson as object, config as object);
  } catch (error) {
    throw new InvalidArgumentError({ argument: 'tokenizerPath', message: `${tokenizerPath}: not a tokenizer @huggingface/tokenizers can load (${(error as Error).message})`, cause: error });
  }
  return {
    kind: 'tokenizer',
    name: tokenizerPath,
    count: (text) => (text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).ids.length),
  };
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTinyTokenizer } from './__fixtures__/write-tiny-tokenizer';
import { createEstimateTokenCounter, loadTokenizerTokenCounter } from './token-counter';

describe('token counters', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-tokenizer-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('counts with a local tokenizer.json through @huggingface/tokenizers, merges applied', async () => {
    const path = join(folder, 'tokenizer.json');
    await writeTinyTokenizer(path);
    const counter = await loadTokenizerTokenCounter({ tokenizerPath: path });
    expect(counter.kind).toBe('tokenizer');
    expect(counter.count('hello')).toBe(1);
    expect(counter.count('hello world')).toBe(6);
    expect(counter.count('hello hello hello')).toBe(3);
    expect(counter.count('')).toBe(0);
  });

  it('estimates at 3.5 characters per token, rounded up, by default', () => {
    const counter = createEstimateTokenCounter();
    expect(counter.kind).toBe('estimate');
    expect(counter.count('hello world')).toBe(4);
    expect(createEstimateTokenCounter({ charactersPerToken: 1 }).count('abc')).toBe(3);
    expect(() => createEstimateTokenCounter({ charactersPerToken: 0 })).toThrow(/positive/);
  });

  it('names the file when the tokenizer cannot be read or loaded', async () => {
    await expect(loadTokenizerTokenCounter({ tokenizerPath: join(folder, 'missing.json') })).rejects.toSatisfy(
      (error: unknown) => InvalidArgumentError.isInstance(error) && error.message.includes('missing.json') && error.message.includes('--tokenizer'),
    );
    await writeFile(join(folder, 'bad.json'), JSON.stringify({ model: { type: 'Nonsense' } }));
    await expect(loadTokenizerTokenCounter({ tokenizerPath: join(folder, 'bad.json') })).rejects.toThrow(/bad\.json: not a tokenizer/);
  });
});

import { describe, expect, it } from 'vitest';
import { cutOutput } from './cut-output';

describe('cutOutput', () => {
  it('keeps an output under the limit whole', () => {
    expect(cutOutput('abc', 10)).toEqual({ truncated: false, output: 'abc' });
  });

  it('keeps the head and the tail of a long output and counts what it left out', () => {
    const output = `${'h'.repeat(5000)}${'m'.repeat(20_000)}${'t'.repeat(5000)}`;
    const cut = cutOutput(output, 10_000);
    expect(cut).toEqual({ truncated: true, head: 'h'.repeat(5000), tail: 't'.repeat(5000), elidedCharacters: 20_000 });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readArchitectureLayers } from './read-architecture-layers';

describe('readArchitectureLayers', () => {
  it('reads every package of a row, and ignores other tables and prose', () => {
    const markdown = [
      'A package imports only from lower layers, e.g. `@swespot/cli` is on top.',
      '',
      '| layer | package | owns |',
      '| --- | --- | --- |',
      '| 0 | `@swespot/core` | interfaces |',
      '| 1 | `@swespot/model-anthropic`, `@swespot/model-google` | models, e.g. `@swespot/other` |',
      '',
      '| anchor | what |',
      '| --- | --- |',
      '| vercel/ai | `@ai-sdk/provider` |',
    ].join('\n');

    expect(Object.fromEntries(readArchitectureLayers(markdown))).toEqual({
      '@swespot/core': 0,
      '@swespot/model-anthropic': 1,
      '@swespot/model-google': 1,
    });
  });

  it('returns an empty map for a document without a layer table', () => {
    expect(readArchitectureLayers('# Nothing here\n').size).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { selectParserBackend } from './load-parser-backend';
import { hasRawNativeMatches } from './native-backend';

describe('selectParserBackend', () => {
  const saved = process.env['SWESPOT_TREE_SITTER_BACKEND'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SWESPOT_TREE_SITTER_BACKEND'];
    else process.env['SWESPOT_TREE_SITTER_BACKEND'] = saved;
  });

  it('prefers the native binding, takes WASM when asked, and reads the environment variable', () => {
    delete process.env['SWESPOT_TREE_SITTER_BACKEND'];
    const automatic = selectParserBackend();
    // This machine compiles the binding (pnpm rebuild tree-sitter), so auto must pick it.
    expect(automatic.backend.name).toBe('native');
    expect(automatic.fallbackReason).toBeUndefined();
    expect(selectParserBackend('wasm').backend.name).toBe('wasm');
    process.env['SWESPOT_TREE_SITTER_BACKEND'] = 'wasm';
    expect(selectParserBackend().backend.name).toBe('wasm');
  });

  it('gives the same backend object for a name every time, so compiled queries are reused across index runs', () => {
    delete process.env['SWESPOT_TREE_SITTER_BACKEND'];
    expect(selectParserBackend('native').backend).toBe(selectParserBackend('native').backend);
    expect(selectParserBackend().backend).toBe(selectParserBackend('native').backend);
    expect(selectParserBackend('wasm').backend).toBe(selectParserBackend('wasm').backend);
    expect(selectParserBackend('wasm').backend).not.toBe(selectParserBackend('native').backend);
  });

  it('reads native query matches from the binding without node objects (the fast path the benchmark relies on)', () => {
    expect(hasRawNativeMatches()).toBe(true);
  });

  it('names the variable and the allowed values when the environment variable is wrong', () => {
    process.env['SWESPOT_TREE_SITTER_BACKEND'] = 'rust';
    expect(() => selectParserBackend()).toThrow(/SWESPOT_TREE_SITTER_BACKEND: expected auto, native or wasm, got "rust"/);
  });
});

import { InvalidConfigError } from '@swespot/core';
import { createNativeBackend, loadNativeTreeSitter } from './native-backend';
import type { ParserBackend } from './parser-backend';
import { createWasmBackend } from './wasm-backend';

/** Which tree-sitter binding to use: `native`, `wasm`, or `auto` (native when it loads, else WASM). */
export type ParserBackendName = 'auto' | 'native' | 'wasm';

/** The backend chosen by {@link selectParserBackend}, and why native was skipped when it was. */
export interface SelectedParserBackend {
  readonly backend: ParserBackend;
  /** Why the native binding was not used, when `auto` fell back to WASM. */
  readonly fallbackReason?: string;
}

/**
 * Picks a tree-sitter backend. `auto` (the default) tries to load the native binding and falls
 * back to WASM with the reason; `native` throws an UnsupportedCapabilityError when the binding
 * cannot load. Env fallback: `SWESPOT_TREE_SITTER_BACKEND` when `name` is not given.
 */
export function selectParserBackend(name?: ParserBackendName): SelectedParserBackend {
  const chosen = name ?? parseBackendName(process.env['SWESPOT_TREE_SITTER_BACKEND']) ?? 'auto';
  if (chosen === 'wasm') return { backend: createWasmBackend() };
  if (chosen === 'native') {
    loadNativeTreeSitter();
    return { backend: createNativeBackend() };
  }
  try {
    loadNativeTreeSitter();
    return { backend: createNativeBackend() };
  } catch (error) {
    return { backend: createWasmBackend(), fallbackReason: (error as Error).message };
  }
}

function parseBackendName(value: string | undefined): ParserBackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'native' || value === 'wasm' || value === 'auto') return value;
  throw new InvalidConfigError({
    message: `SWESPOT_TREE_SITTER_BACKEND: expected auto, native or wasm, got ${JSON.stringify(value)}`,
    issues: [{ path: 'SWESPOT_TREE_SITTER_BACKEND', message: `expected auto, native or wasm, got ${JSON.stringify(value)}` }],
  });
}

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

/** One backend per binding for the process: grammars and compiled queries are kept per backend. */
let sharedNative: ParserBackend | undefined;
let sharedWasm: ParserBackend | undefined;

const nativeBackend = () => (sharedNative ??= createNativeBackend());
const wasmBackend = () => (sharedWasm ??= createWasmBackend());

/**
 * Picks a tree-sitter backend. `auto` (the default) tries to load the native binding and falls
 * back to WASM with the reason; `native` throws an UnsupportedCapabilityError when the binding
 * cannot load. Env fallback: `SWESPOT_TREE_SITTER_BACKEND` when `name` is not given. Each name
 * gives the same backend object every time, so a second index run reuses the loaded grammars
 * and compiled queries (compiling them takes about a third of a second).
 */
export function selectParserBackend(name?: ParserBackendName): SelectedParserBackend {
  const chosen = name ?? parseBackendName(process.env['SWESPOT_TREE_SITTER_BACKEND']) ?? 'auto';
  if (chosen === 'wasm') return { backend: wasmBackend() };
  if (chosen === 'native') {
    loadNativeTreeSitter();
    return { backend: nativeBackend() };
  }
  try {
    loadNativeTreeSitter();
    return { backend: nativeBackend() };
  } catch (error) {
    return { backend: wasmBackend(), fallbackReason: (error as Error).message };
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

import { createRequire } from 'node:module';
import type { LanguageDefinition, LanguageQueries } from './language-definition';
import { loadQueryFiles } from './load-query-files';

const require = createRequire(import.meta.url);

const keywords = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield as async from of get set type declare namespace module abstract readonly keyof infer is asserts satisfies override accessor unique any unknown never undefined number string boolean symbol bigint object'.split(
    ' ',
  ),
);

const builtins = new Set(
  'globalThis window document self console process require module exports __dirname __filename Buffer Object Function Array Number parseFloat parseInt Infinity NaN Boolean String Symbol Date Promise RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError JSON Math Intl ArrayBuffer SharedArrayBuffer Atomics Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray BigInt64Array BigUint64Array DataView Map BigInt Set WeakMap WeakSet WeakRef FinalizationRegistry Proxy Reflect decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape eval isFinite isNaN setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate queueMicrotask structuredClone fetch Request Response Headers URL URLSearchParams TextEncoder TextDecoder AbortController AbortSignal Event EventTarget Blob performance crypto Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters InstanceType Awaited PromiseLike Iterable AsyncIterable Iterator AsyncIterator IterableIterator ArrayLike ReadonlyArray ReadonlyMap ReadonlySet PropertyKey NodeJS React JSX describe it test expect beforeEach afterEach beforeAll afterAll vi jest'.split(
    ' ',
  ),
);

function ecmascriptQueries(extraDefinitions: string[], extraLocals: string[]): () => LanguageQueries {
  return () => ({
    definitions: loadQueryFiles(['ecmascript/definitions.scm', ...extraDefinitions]),
    rootDefinitions: loadQueryFiles(['ecmascript/root-definitions.scm']),
    imports: loadQueryFiles(['ecmascript/imports.scm']),
    locals: loadQueryFiles(['ecmascript/locals.scm', ...extraLocals]),
    properties: loadQueryFiles(['ecmascript/properties.scm']),
    tests: loadQueryFiles(['ecmascript/tests.scm']),
  });
}

const testFilePatterns = ['**/*.{test,spec}.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', '**/__tests__/**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];

/** JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`) with the `tree-sitter-javascript` grammar (JSX included). */
export const javascriptLanguage: LanguageDefinition = {
  name: 'javascript',
  extensions: ['.js', '.jsx', '.mjs', '.cjs'],
  grammar: {
    name: 'javascript',
    loadNative: () => require('tree-sitter-javascript'),
    wasmPath: () => require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
  },
  queries: ecmascriptQueries(['javascript/definitions.scm'], ['javascript/locals.scm', 'jsx/locals.scm']),
  moduleSystem: 'ecmascript',
  keywords,
  builtins,
  selfNames: ['this'],
  testFilePatterns,
};

/** TypeScript (`.ts`, `.mts`, `.cts`, `.d.ts`) with the `typescript` grammar of `tree-sitter-typescript`. */
export const typescriptLanguage: LanguageDefinition = {
  name: 'typescript',
  extensions: ['.ts', '.mts', '.cts'],
  grammar: {
    name: 'typescript',
    loadNative: () => (require('tree-sitter-typescript') as { typescript: unknown }).typescript,
    wasmPath: () => require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'),
  },
  queries: ecmascriptQueries(['typescript/definitions.scm'], ['typescript/locals.scm']),
  moduleSystem: 'ecmascript',
  keywords,
  builtins,
  selfNames: ['this'],
  testFilePatterns,
};

/** TSX (`.tsx`) with the `tsx` grammar of `tree-sitter-typescript`. */
export const tsxLanguage: LanguageDefinition = {
  name: 'tsx',
  extensions: ['.tsx'],
  grammar: {
    name: 'tsx',
    loadNative: () => (require('tree-sitter-typescript') as { tsx: unknown }).tsx,
    wasmPath: () => require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'),
  },
  queries: ecmascriptQueries(['typescript/definitions.scm'], ['typescript/locals.scm', 'jsx/locals.scm']),
  moduleSystem: 'ecmascript',
  keywords,
  builtins,
  selfNames: ['this'],
  testFilePatterns,
};

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { LanguageDefinition } from '../../languages/language-definition';

const require = createRequire(import.meta.url);
const queries = (file: string) => readFileSync(fileURLToPath(new URL(`queries/${file}`, import.meta.url)), 'utf8');

/**
 * Go, added the way a user adds a language: the `tree-sitter-go` grammar package and the query
 * files next to this module, with nothing changed in the indexer. Packages are not resolved
 * (`moduleSystem: 'none'`); entities, properties, same-file references and tests are indexed.
 */
export const goLanguage: LanguageDefinition = {
  name: 'go',
  extensions: ['.go'],
  grammar: {
    name: 'go',
    loadNative: () => require('tree-sitter-go'),
    wasmPath: () => require.resolve('tree-sitter-go/tree-sitter-go.wasm'),
  },
  queries: () => ({
    definitions: queries('definitions.scm'),
    rootDefinitions: queries('root-definitions.scm'),
    imports: queries('imports.scm'),
    locals: queries('locals.scm'),
    properties: queries('properties.scm'),
  }),
  moduleSystem: 'none',
  keywords: new Set(
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '),
  ),
  builtins: new Set(
    'any append bool byte cap clear close comparable complex complex128 complex64 copy delete error false float32 float64 imag int int16 int32 int64 int8 iota len make max min new nil panic print println real recover rune string true uint uint16 uint32 uint64 uint8 uintptr'.split(' '),
  ),
  selfNames: [],
  testFilePatterns: ['**/*_test.go'],
  testNaming: { functionPattern: /^(Test|Benchmark|Fuzz|Example)/ },
};

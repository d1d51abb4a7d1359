/**
 * Adds Go to the index with nothing but a grammar package and query files: a
 * `LanguageDefinition` names the grammar (`tree-sitter-go`: a native prebuild and a `.wasm`
 * file), reads five `.scm` files, and lists keywords, builtins and test conventions. Entities
 * (methods declared outside their type through the `@owner` capture, doc comments from runs
 * of line comments), properties, complexity, same-file references and test functions come out
 * of the same extractor as for Python and TypeScript. Go packages are not resolved to files
 * (`moduleSystem: 'none'`).
 *
 *   pnpm --filter @swespot/examples example src/code-index/add-a-language.ts [go-repository]
 *
 * Without an argument it indexes the small Go fixture of @swespot/code-index; the query files
 * are the fixture's (`packages/code-index/src/__fixtures__/go-language/queries/`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { builtinLanguages, indexRepository, type LanguageDefinition } from '@swespot/code-index';

const require = createRequire(import.meta.url);
const fixtures = new URL('../../../packages/code-index/src/__fixtures__/', import.meta.url);
const query = (file: string) => readFileSync(fileURLToPath(new URL(`go-language/queries/${file}`, fixtures)), 'utf8');

const go: LanguageDefinition = {
  name: 'go',
  extensions: ['.go'],
  grammar: {
    name: 'go',
    loadNative: () => require('tree-sitter-go'),
    wasmPath: () => require.resolve('tree-sitter-go/tree-sitter-go.wasm'),
  },
  queries: () => ({
    definitions: query('definitions.scm'),
    rootDefinitions: query('root-definitions.scm'),
    imports: query('imports.scm'),
    locals: query('locals.scm'),
    properties: query('properties.scm'),
  }),
  moduleSystem: 'none',
  keywords: new Set('break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' ')),
  builtins: new Set('any append bool byte cap close complex copy delete error false float32 float64 int int64 iota len make new nil panic print println recover rune string true uint uint8'.split(' ')),
  selfNames: [],
  testFilePatterns: ['**/*_test.go'],
  testNaming: { functionPattern: /^(Test|Benchmark|Fuzz|Example)/ },
};

const repository = process.argv[2] ?? fileURLToPath(new URL('go-repository/', fixtures));
const { index, statistics } = await indexRepository({ source: repository, languages: [...builtinLanguages, go] });
console.log(`${index.files.length} files with the ${index.backend} backend; parsed ${statistics.parsedFiles}`);
for (const file of index.files.filter((candidate) => candidate.language === 'go').slice(0, 5)) {
  console.log(`\n${file.path}${file.isTest ? ` (tests: ${file.tests.map((test) => test.qualifiedName).join(', ')})` : ''}`);
  for (const entity of file.entities.filter((candidate) => candidate.kind !== 'module')) {
    const doc = entity.docstring === undefined ? '' : `  ${JSON.stringify(entity.docstring.split('\n')[0])}`;
    console.log(`  ${entity.kind.padEnd(8)} ${entity.qualifiedName.padEnd(16)} complexity ${entity.complexity}  ${entity.properties.join(' ')}${doc}`);
  }
  const byStatus = new Map<string, number>();
  for (const reference of file.references) byStatus.set(reference.status, (byStatus.get(reference.status) ?? 0) + 1);
  console.log(`  references: ${[...byStatus].map(([status, count]) => `${count} ${status}`).join(', ') || 'none'}`);
}

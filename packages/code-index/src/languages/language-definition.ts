import type { GrammarSource } from '../parser/parser-backend';

/**
 * The tree-sitter query sources of a language. Each is the concatenation of its `.scm` files;
 * the capture names each query uses are documented at the top of the package's
 * `queries/python/*.scm` files.
 */
export interface LanguageQueries {
  /** Classes, functions, methods and variables with names, bodies, docstrings, decorators, bases. */
  readonly definitions: string;
  /**
   * Definitions whose patterns start at the root node, e.g. `(module (expression_statement ...))`,
   * with the captures of `definitions`. They run in a pass that starts patterns only at the root
   * and so visits just the nodes they reach; in `definitions` such a pattern would be carried
   * through every node of the file.
   */
  readonly rootDefinitions?: string;
  /** Import bindings, re-exports and explicit exports. */
  readonly imports: string;
  /** Scopes, local bindings, and spans whose identifiers are not references. */
  readonly locals: string;
  /**
   * Syntactic properties and complexity decision points: `@property.X.Y` (has-X, has-Y),
   * `@complexity` (a decision point) and `@complexity.X.Y` (both), one capture per node.
   */
  readonly properties: string;
  /** Test cases found by calls, e.g. `it('works', ...)`; absent when tests are found by name. */
  readonly tests?: string;
}

/** How a language names its test functions, for languages whose tests are found by name (Python). */
export interface TestNaming {
  /** Test functions and methods. Default for Python: `^test`. */
  readonly functionPattern: RegExp;
  /** Classes whose matching methods are tests. Default for Python: `^Test`. */
  readonly classPattern?: RegExp;
  /** Base classes that make any class a test class, e.g. `TestCase$`. */
  readonly baseClassPattern?: RegExp;
}

/**
 * Everything the index needs to know about one language: its grammar, its query files and
 * a few lexical facts. Adding a language (Go, Rust, Java) means writing one of these with a
 * grammar package and query files; `moduleSystem: 'none'` indexes entities, properties,
 * same-file references and tests without import resolution.
 *
 * @example
 * ```ts
 * // Go: the tree-sitter-go grammar and five query files (a tested one is in the package's
 * // repository: src/__fixtures__/go-language, and examples/src/code-index/add-a-language.ts).
 * const go: LanguageDefinition = {
 *   name: 'go',
 *   extensions: ['.go'],
 *   grammar: { name: 'go', loadNative: () => require('tree-sitter-go'), wasmPath: () => require.resolve('tree-sitter-go/tree-sitter-go.wasm') },
 *   queries: () => ({ definitions, rootDefinitions, imports, locals, properties }), // the .scm files' text
 *   moduleSystem: 'none',
 *   keywords: new Set(['func', 'return', 'if', 'for']), // and the rest
 *   builtins: new Set(['len', 'string', 'nil']), // and the rest
 *   selfNames: [],
 *   testFilePatterns: ['**\/*_test.go'],
 *   testNaming: { functionPattern: /^(Test|Benchmark|Fuzz|Example)/ },
 * };
 * const { index } = await indexRepository({ source: '/path/to/repo', languages: [...builtinLanguages, go] });
 * ```
 */
export interface LanguageDefinition {
  /** The language name, e.g. `python`, recorded on every indexed file. */
  readonly name: string;
  /** File extensions with the dot, e.g. `['.py', '.pyi']`. */
  readonly extensions: readonly string[];
  readonly grammar: GrammarSource;
  /** Reads the query sources; called once, on first use. */
  readonly queries: () => LanguageQueries;
  /** How imports name modules: `python` (dotted, packages), `ecmascript` (paths, packages), `none`. */
  readonly moduleSystem: 'python' | 'ecmascript' | 'none';
  /** Reserved words: never references. */
  readonly keywords: ReadonlySet<string>;
  /** Names the language defines everywhere (builtins, globals): classified `builtin`. */
  readonly builtins: ReadonlySet<string>;
  /** Names that denote the current instance or class inside a class body, e.g. `self`, `cls`, `this`. */
  readonly selfNames: readonly string[];
  /** Globs (matched against the path from the repository root) of test files by convention. */
  readonly testFilePatterns: readonly string[];
  /** How test functions are named, for languages without a `tests` query. */
  readonly testNaming?: TestNaming;
}

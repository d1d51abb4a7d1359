/** A point in a source text: 0-based row and column (UTF-16 code units). */
export interface SyntaxPoint {
  readonly row: number;
  readonly column: number;
}

/**
 * The part of a tree-sitter node the extractor reads. Both `tree-sitter` (native) and
 * `web-tree-sitter` (WASM) nodes satisfy it; offsets are UTF-16 code units of the parsed
 * string (both bindings parse JavaScript strings as UTF-16).
 */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: SyntaxPoint;
  readonly endPosition: SyntaxPoint;
}

/** One capture of a query match. */
export interface SyntaxCapture {
  /** The capture name without the `@`, e.g. `definition.function`. */
  readonly name: string;
  readonly node: SyntaxNode;
}

/** One match of a query: the pattern that matched and its captures. */
export interface SyntaxMatch {
  readonly patternIndex: number;
  readonly captures: readonly SyntaxCapture[];
}

/** Options of {@link SyntaxQuery.matches}. */
export interface SyntaxQueryOptions {
  /**
   * The deepest node a pattern may start at, the root being depth 0 (default: unlimited). The
   * query then skips every subtree below that depth that no started match reaches into.
   */
  readonly maxStartDepth?: number;
}

/**
 * The matches of a query as flat arrays, without an object per capture: what the extractor
 * reads (a file has thousands of captures, most of which need only a capture name and a start
 * offset). Match `m` has the captures `captureOffsets[m]` up to `captureOffsets[m + 1]`.
 */
export interface MatchTable {
  readonly matchCount: number;
  /** Capture names (without `@`), indexed by {@link MatchTable.captureIds}. */
  readonly captureNames: readonly string[];
  /** Per match: the index of the pattern that matched. */
  readonly patternIndexes: ArrayLike<number>;
  /** Per match, plus one at the end: where its captures begin. */
  readonly captureOffsets: ArrayLike<number>;
  /** Per capture: its name as an index into {@link MatchTable.captureNames}. */
  readonly captureIds: ArrayLike<number>;
  /** Per capture: the start offset of its node (UTF-16 code units). */
  readonly starts: ArrayLike<number>;
  /** The node of capture `capture` (made on demand). */
  node(capture: number): SyntaxNode;
}

/** A compiled tree-sitter query for one language. */
export interface SyntaxQuery {
  /** All matches under `tree`'s root, in tree order. */
  matches(tree: SyntaxTree, options?: SyntaxQueryOptions): readonly SyntaxMatch[];
  /**
   * The same matches as {@link SyntaxQuery.matches}, as a {@link MatchTable}. Optional: where
   * a backend does not have it, the extractor builds one from `matches`.
   */
  matchTable?(tree: SyntaxTree, options?: SyntaxQueryOptions): MatchTable;
  /** All captures under `tree`'s root, in tree order. */
  captures(tree: SyntaxTree): readonly SyntaxCapture[];
}

/** A parsed file. Call {@link SyntaxTree.dispose} when done (WASM trees hold memory outside the JS heap). */
export interface SyntaxTree {
  readonly rootNode: SyntaxNode & { readonly hasError: boolean };
  dispose(): void;
}

/** A grammar loaded by one backend, ready to parse and compile queries. */
export interface LoadedGrammar {
  /** Parses `text`; offsets in the tree are UTF-16 code units of `text`. */
  parse(text: string): SyntaxTree;
  /** Compiles a query; throws a {@link import('@swespot/core').InvalidArgumentError} naming the query and offset on a syntax error. */
  compileQuery(source: string, name: string): SyntaxQuery;
}

/** Where a backend gets a grammar from. Both loaders are called lazily, at most once per backend. */
export interface GrammarSource {
  /** The language name, used in messages. */
  readonly name: string;
  /** Returns the native grammar object, e.g. `require('tree-sitter-python')`. */
  readonly loadNative: () => unknown;
  /** Returns the path of the grammar's `.wasm` file (an ABI the bundled web-tree-sitter reads: 13 to 15). */
  readonly wasmPath: () => string;
}

/**
 * A tree-sitter binding: `native` (the `tree-sitter` N-API module) or `wasm`
 * (`web-tree-sitter`). Both produce trees with the same shapes and offsets, so indexes built
 * with either are identical.
 */
export interface ParserBackend {
  readonly name: 'native' | 'wasm';
  /** Loads a grammar (cached per backend and grammar name). */
  loadGrammar(grammar: GrammarSource): Promise<LoadedGrammar>;
}

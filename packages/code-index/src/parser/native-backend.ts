import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { InvalidArgumentError, UnsupportedCapabilityError } from '@swespot/core';
import { matchesFromTable, matchTableFromMatches } from './match-table';
import type {
  GrammarSource,
  LoadedGrammar,
  MatchTable,
  ParserBackend,
  SyntaxCapture,
  SyntaxNode,
  SyntaxQuery,
  SyntaxQueryOptions,
  SyntaxTree,
} from './parser-backend';

interface NativeNode extends SyntaxNode {
  readonly hasError: boolean;
}
interface NativeTree {
  readonly rootNode: NativeNode;
}
interface NativeParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: unknown, options?: { bufferSize?: number }): NativeTree;
}
interface NativeQuery {
  /** The binding's raw match call (what `matches` wraps); see {@link rawMatches}. */
  _matches?: (tree: unknown, ...range: number[]) => [(number | string)[], (number | NodeFields | null)[]];
  /** Per pattern, the `#eq?`/`#match?` checks `matches` applies; they read `capture.node.text`. */
  readonly predicates?: readonly (readonly ((captures: readonly { name: string; node: { readonly text: string } }[]) => boolean)[])[];
  matches(node: NativeNode, options?: { maxStartDepth?: number }): { pattern: number; captures: SyntaxCapture[] }[];
  captures(node: NativeNode): SyntaxCapture[];
}
interface NativeModule {
  new (): NativeParser;
  Query: new (language: unknown, source: string) => NativeQuery;
}

const require = createRequire(import.meta.url);
let nativeModule: NativeModule | undefined;

/** What the backend keeps about each tree it returned: the binding's tree and the parsed text. */
interface NativeTreeEntry {
  readonly tree: unknown;
  readonly text: string;
  readonly root: NativeNode;
  /** Per symbol: 1 for `identifier` (one token, an identifier's text). */
  readonly identifierSymbols: Uint8Array | undefined;
  /** Whether the tree has no ERROR or MISSING node (asked once, when first needed). */
  errorFree?: boolean;
}

const nativeTrees = new WeakMap<SyntaxTree, NativeTreeEntry>();

/**
 * Loads the `tree-sitter` N-API binding, or throws an {@link UnsupportedCapabilityError}
 * with the loader's reason (e.g. a prebuilt binary that needs a newer libstdc++ than the
 * machine has; `pnpm rebuild tree-sitter` compiles one).
 */
export function loadNativeTreeSitter(): NativeModule {
  if (nativeModule !== undefined) return nativeModule;
  try {
    nativeModule = require('tree-sitter') as NativeModule;
    // Loading the module is lazy in parts; a parser proves the binding is usable.
    new nativeModule();
    return nativeModule;
  } catch (error) {
    throw new UnsupportedCapabilityError({
      message: `The native tree-sitter binding cannot load: ${(error as Error).message}. Run \`pnpm rebuild tree-sitter\` to compile it, or use backend: 'wasm'.`,
      capability: 'native-binding',
      provider: 'tree-sitter',
      cause: error,
    });
  }
}

/** Settings of {@link createNativeBackend}. */
export interface NativeBackendSettings {
  /**
   * Read query matches straight from the binding's transfer buffer, without a node object per
   * capture (default true, where the installed `tree-sitter` has the expected internals).
   * `false` takes the binding's public `matches`: slower, same result.
   */
  readonly rawMatches?: boolean;
}

/**
 * The native tree-sitter backend (the `tree-sitter` package). The binding loads on the first
 * {@link ParserBackend.loadGrammar} call, not here.
 *
 * @example
 * ```ts
 * const { index } = await indexRepository({ source: '/path/to/repo', backend: createNativeBackend() });
 * ```
 */
export function createNativeBackend(settings: NativeBackendSettings = {}): ParserBackend {
  const grammars = new Map<string, Promise<LoadedGrammar>>();
  return {
    name: 'native',
    loadGrammar(grammar: GrammarSource): Promise<LoadedGrammar> {
      let loaded = grammars.get(grammar.name);
      if (loaded === undefined) {
        loaded = Promise.resolve().then(() => loadNativeGrammar(grammar, settings.rawMatches ?? true));
        grammars.set(grammar.name, loaded);
      }
      return loaded;
    },
  };
}

function loadNativeGrammar(grammar: GrammarSource, rawMatches: boolean): LoadedGrammar {
  const TreeSitter = loadNativeTreeSitter();
  const language = grammar.loadNative();
  const parser = new TreeSitter();
  try {
    parser.setLanguage(language);
  } catch (error) {
    throw new UnsupportedCapabilityError({
      message: `The native ${grammar.name} grammar does not load into tree-sitter: ${(error as Error).message}`,
      capability: `grammar:${grammar.name}`,
      provider: 'tree-sitter',
      cause: error,
    });
  }
  const identifierSymbols = identifierSymbolsOf(TreeSitter, language);
  return {
    parse(text: string): SyntaxTree {
      // The binding's default read buffer re-enters JavaScript per chunk; one buffer for the whole string is faster.
      const tree = parser.parse(text, undefined, { bufferSize: text.length + 1 });
      const result: SyntaxTree = { rootNode: tree.rootNode, dispose() {} };
      nativeTrees.set(result, { tree, text, root: tree.rootNode, identifierSymbols });
      return result;
    },
    compileQuery(source: string, name: string): SyntaxQuery {
      // Short capture names: the binding makes a new string per capture, except for one-character names.
      const aliased = aliasCaptureNames(source);
      let query: NativeQuery;
      try {
        query = new TreeSitter.Query(language, aliased.source);
      } catch (aliasedError) {
        // Report the error of the query as written (offsets and names as in its file).
        let error = aliasedError;
        try {
          new TreeSitter.Query(language, source);
        } catch (originalError) {
          error = originalError;
        }
        throw new InvalidArgumentError({
          message: `${name}: the ${grammar.name} query does not compile: ${(error as Error).message}`,
          argument: name,
          cause: error,
        });
      }
      const internals = rawMatches ? loadNativeInternals(TreeSitter) : undefined;
      const rename = <Capture extends { readonly name: string }>(capture: Capture): Capture => ({
        ...capture,
        name: aliased.names[aliased.idOf(capture.name)] ?? capture.name,
      });
      const table = (tree: SyntaxTree, options?: SyntaxQueryOptions): MatchTable => {
        const maxStartDepth = options?.maxStartDepth ?? 0xffffffff;
        const native = nativeTrees.get(tree);
        if (internals !== undefined && native !== undefined) return rawMatchTable(internals, query, native, tree.rootNode, maxStartDepth, aliased);
        const matches = query.matches(tree.rootNode as NativeNode, { maxStartDepth });
        const first = matches[0]?.captures[0]?.node;
        const fast = first !== undefined && hasKnownLayout(first);
        return matchTableFromMatches(
          matches.map((match) => ({
            patternIndex: match.pattern,
            captures: match.captures.map((capture) => rename({ name: capture.name, node: fast ? new NativeStartNode(capture.node) : capture.node })),
          })),
          aliased.names,
        );
      };
      return {
        matchTable: table,
        matches: (tree, options) => matchesFromTable(table(tree, options)),
        captures(tree: SyntaxTree): readonly SyntaxCapture[] {
          return query.captures(tree.rootNode as NativeNode).map(rename);
        },
      };
    },
  };
}

/** A query source with one- or two-character capture names, and the names as written by alias id. */
interface AliasedQuery {
  readonly source: string;
  /** The capture names as written, by id. */
  readonly names: readonly string[];
  /** The alias of each name, by id. */
  readonly aliases: readonly string[];
  /** The id of an alias. */
  idOf(alias: string): number;
}

const aliasLetters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const captureNamePattern = /[\w.\-?!]/;

/**
 * Renames every capture (`@name`, also inside predicates) to a short alias: the first 52
 * names to single letters, which V8 does not allocate a string for; strings and comments of
 * the query stay as they are.
 */
function aliasCaptureNames(source: string): AliasedQuery {
  const names: string[] = [];
  const aliasByName = new Map<string, string>();
  let result = '';
  let copied = 0;
  let index = 0;
  while (index < source.length) {
    const character = source[index] as string;
    if (character === '"') {
      index += 1;
      while (index < source.length && source[index] !== '"') index += source[index] === '\\' ? 2 : 1;
      index += 1;
    } else if (character === ';') {
      while (index < source.length && source[index] !== '\n') index += 1;
    } else if (character === '@') {
      let end = index + 1;
      while (end < source.length && captureNamePattern.test(source[end] as string)) end += 1;
      const name = source.slice(index + 1, end);
      let alias = aliasByName.get(name);
      if (alias === undefined) {
        const id = names.length;
        alias = id < aliasLetters.length ? (aliasLetters[id] as string) : `${aliasLetters[id % aliasLetters.length]}${Math.floor(id / aliasLetters.length)}`;
        names.push(name);
        aliasByName.set(name, alias);
      }
      result += `${source.slice(copied, index + 1)}${alias}`;
      copied = end;
      index = end;
    } else index += 1;
  }
  result += source.slice(copied);
  const letterIds = new Int16Array(128).fill(-1);
  const longIds = new Map<string, number>();
  names.forEach((name, id) => {
    const alias = aliasByName.get(name) as string;
    if (alias.length === 1) letterIds[alias.charCodeAt(0)] = id;
    else longIds.set(alias, id);
  });
  return {
    source: result,
    names,
    aliases: names.map((name) => aliasByName.get(name) as string),
    idOf: (alias) => (alias.length === 1 ? (letterIds[alias.charCodeAt(0)] ?? -1) : (longIds.get(alias) ?? -1)),
  };
}

/**
 * The binding keeps each node's TSNode context in indexed fields: [2] is the start byte of the
 * UTF-16 input and [3], [4] the start row and byte column. Every getter, by contrast, is a call
 * into C++; the extractor reads start offsets of hundreds of thousands of nodes, so this reads
 * them from the fields, after checking on a real node that the layout is the expected one.
 */
interface NodeFields {
  readonly [field: number]: number;
}

let layoutVerdict: boolean | undefined;

function hasKnownLayout(node: SyntaxNode): boolean {
  if (layoutVerdict === undefined) {
    const fields = node as unknown as NodeFields;
    const position = node.startPosition;
    layoutVerdict =
      typeof fields[2] === 'number' &&
      (fields[2] ?? -1) >>> 1 === node.startIndex &&
      fields[3] === position.row &&
      (fields[4] ?? -1) >>> 1 === position.column;
  }
  return layoutVerdict;
}

/** A native node whose start is read from its fields; everything else asks the binding (the end once). */
class NativeStartNode implements SyntaxNode {
  readonly startIndex: number;
  readonly #inner: SyntaxNode;
  #endIndex = -1;

  constructor(inner: SyntaxNode) {
    this.#inner = inner;
    this.startIndex = ((inner as unknown as NodeFields)[2] ?? 0) >>> 1;
  }

  get startPosition() {
    const fields = this.#inner as unknown as NodeFields;
    return { row: fields[3] ?? 0, column: (fields[4] ?? 0) >>> 1 };
  }

  get endIndex(): number {
    if (this.#endIndex === -1) this.#endIndex = this.#inner.endIndex;
    return this.#endIndex;
  }

  get endPosition() {
    return this.#inner.endPosition;
  }

  get type(): string {
    return this.#inner.type;
  }
}

/**
 * The parts of the compiled binding (what `tree-sitter`'s index.js wraps) that let matches be
 * read without creating the wrapper's node objects: each of those registers a weak reference
 * in the tree's node cache, which costs more than running the query itself.
 */
interface NativeInternals {
  /** Six words per node: its id (two words) and its TSNode context (start byte, row, byte column, alias). */
  readonly nodeTransferArray: Uint32Array;
  readonly pointTransferArray: Uint32Array;
  readonly NodeMethods: {
    endIndex(tree: unknown): number;
    endPosition(tree: unknown): void;
    type(tree: unknown): string;
  };
  /** Per symbol of a language: its name for named symbols, else null. */
  readonly getNodeTypeNamesById?: (language: unknown) => (string | null)[];
}

/** Per symbol of `language`: 1 for the named symbol `identifier`; undefined without the binding's internals. */
function identifierSymbolsOf(TreeSitter: NativeModule, language: unknown): Uint8Array | undefined {
  const names = loadNativeInternals(TreeSitter)?.getNodeTypeNamesById?.(language);
  if (!Array.isArray(names)) return undefined;
  return Uint8Array.from(names, (name) => (name === 'identifier' ? 1 : 0));
}

let internalsVerdict: NativeInternals | null | undefined;

/**
 * The binding object behind `tree-sitter` (loaded by its own `node-gyp-build`, so the same
 * module instance), or undefined when it is not the expected shape; then queries go through
 * the public `matches` (slower, same result).
 */
function loadNativeInternals(TreeSitter: NativeModule): NativeInternals | undefined {
  if (internalsVerdict !== undefined) return internalsVerdict ?? undefined;
  internalsVerdict = null;
  try {
    const entry = require.resolve('tree-sitter');
    const load = createRequire(entry)('node-gyp-build') as (directory: string) => Record<string, unknown>;
    const binding = load(dirname(entry)) as Partial<NativeInternals> & { Query?: unknown };
    const methods = binding.NodeMethods;
    if (
      binding.Query === TreeSitter.Query &&
      typeof (TreeSitter.Query.prototype as NativeQuery)._matches === 'function' &&
      binding.nodeTransferArray instanceof Uint32Array &&
      binding.pointTransferArray instanceof Uint32Array &&
      typeof methods?.endIndex === 'function' &&
      typeof methods.endPosition === 'function' &&
      typeof methods.type === 'function'
    ) {
      internalsVerdict = binding as NativeInternals;
    }
  } catch {
    internalsVerdict = null;
  }
  return internalsVerdict ?? undefined;
}

/**
 * Whether native queries read matches straight from the binding (true where the installed
 * `tree-sitter` has the expected internals; else they take its public, slower `matches`).
 */
export function hasRawNativeMatches(): boolean {
  return loadNativeInternals(loadNativeTreeSitter()) !== undefined;
}

const nodeFieldCount = 6;

/**
 * `query.matches` as a {@link MatchTable}, without node objects: runs the binding's
 * `_matches`, reads each captured node's six words from the transfer buffer, and applies the
 * query's predicates as `matches` does. Nodes are made only when asked for; they answer
 * start offsets from those words and ask the binding for their end.
 */
function rawMatchTable(
  internals: NativeInternals,
  query: NativeQuery,
  native: NativeTreeEntry,
  root: SyntaxNode,
  maxStartDepth: number,
  aliased: AliasedQuery,
): MatchTable {
  const rootFields = root as unknown as NodeFields;
  const transfer = internals.nodeTransferArray;
  for (let field = 0; field < nodeFieldCount; field += 1) transfer[field] = rootFields[field] ?? 0;
  const [returnedMatches, returnedNodes] = (query._matches as NonNullable<NativeQuery['_matches']>).call(
    query,
    native.tree,
    0,
    0,
    0,
    0,
    0,
    0,
    0xffffffff,
    maxStartDepth,
    0,
  );
  // One copy of the words of every transferred node (the binding may have grown, i.e. replaced, the buffer).
  const nodeCount = returnedNodes.length;
  let transferred = 0;
  for (let index = 0; index < nodeCount; index += 1) {
    const value = returnedNodes[index];
    if (typeof value !== 'object' || value === null) transferred += 1;
  }
  const words = internals.nodeTransferArray.slice(0, transferred * nodeFieldCount);
  const upperMatchCount = returnedMatches.length - nodeCount;
  const patternIndexes = new Uint32Array(upperMatchCount);
  const captureOffsets = new Uint32Array(upperMatchCount + 1);
  const captureIds = new Uint32Array(nodeCount);
  const starts = new Uint32Array(nodeCount);
  // Per capture: the offset of its words in `words`, or -1 - i for the i-th node the tree already had a wrapper for.
  const wordOffsets = new Int32Array(nodeCount);
  // Per capture: the node's symbol (what the binding returns for a node it has no wrapper for), or -1.
  const symbols = new Int32Array(nodeCount);
  const wrapped: Uint32Array[] = [];
  const predicates = query.predicates ?? [];
  const nodes: (RawNativeNode | undefined)[] = new Array(nodeCount);
  const nodeAt = (capture: number): RawNativeNode => {
    let node = nodes[capture];
    if (node === undefined) {
      const offset = wordOffsets[capture] ?? 0;
      node =
        offset >= 0
          ? new RawNativeNode(internals, native, words, offset, symbols[capture] ?? -1)
          : new RawNativeNode(internals, native, wrapped[-1 - offset] as Uint32Array, 0, -1);
      nodes[capture] = node;
    }
    return node;
  };
  let matchCount = 0;
  let captureCount = 0;
  let nodeIndex = 0;
  let wordOffset = 0;
  let position = 0;
  while (position < returnedMatches.length) {
    const patternIndex = returnedMatches[position++] as number;
    const first = captureCount;
    while (position < returnedMatches.length && typeof returnedMatches[position] === 'string') {
      const alias = returnedMatches[position++] as string;
      const value = returnedNodes[nodeIndex++];
      if (typeof value === 'object' && value !== null) {
        // A node the tree already has a wrapper for (e.g. the root): its fields hold the same six words.
        wrapped.push(Uint32Array.from({ length: nodeFieldCount }, (_, field) => value[field] ?? 0));
        wordOffsets[captureCount] = -wrapped.length;
        symbols[captureCount] = -1;
        starts[captureCount] = (value[2] ?? 0) >>> 1;
      } else {
        const offset = wordOffset;
        wordOffset += nodeFieldCount;
        if (value === null) continue;
        wordOffsets[captureCount] = offset;
        symbols[captureCount] = value ?? -1;
        starts[captureCount] = (words[offset + 2] ?? 0) >>> 1;
      }
      captureIds[captureCount] = aliased.idOf(alias);
      captureCount += 1;
    }
    const checks = predicates[patternIndex];
    if (checks !== undefined && checks.length > 0) {
      // The checks read the captures by their names in the compiled (aliased) query.
      const captures: { name: string; node: RawNativeNode }[] = [];
      for (let capture = first; capture < captureCount; capture += 1) {
        captures.push({ name: aliased.aliases[captureIds[capture] ?? 0] ?? '', node: nodeAt(capture) });
      }
      if (!checks.every((check) => check(captures))) {
        for (let capture = first; capture < captureCount; capture += 1) nodes[capture] = undefined;
        captureCount = first;
        continue;
      }
    }
    patternIndexes[matchCount] = patternIndex;
    captureOffsets[matchCount] = first;
    matchCount += 1;
  }
  captureOffsets[matchCount] = captureCount;
  return { matchCount, captureNames: aliased.names, patternIndexes, captureOffsets, captureIds, starts, node: nodeAt };
}

/**
 * The end of the `identifier` node starting at `start`, read from the text, or -1 when the text
 * alone cannot tell. An identifier node is one token, and the lexer takes the longest one, so
 * in a tree without ERROR or MISSING nodes (a MISSING identifier is empty) an ASCII identifier
 * ends where the next character cannot continue it. Past ASCII, `$` or `\` (JavaScript
 * identifiers take those), the binding answers.
 */
function asciiIdentifierEnd(native: NativeTreeEntry, start: number): number {
  native.errorFree ??= !native.root.hasError;
  if (!native.errorFree) return -1;
  const text = native.text;
  let end = start;
  for (;;) {
    const code = text.charCodeAt(end);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (end > start && code >= 48 && code <= 57)) end += 1;
    else if (end === start || code >= 128 || code === 36 || code === 92) return -1;
    else return end;
  }
}

/** A node read from the transfer buffer: start from its words, end and type from the binding on first use. */
class RawNativeNode implements SyntaxNode {
  readonly startIndex: number;
  readonly #internals: NativeInternals;
  readonly #native: NativeTreeEntry;
  readonly #words: Uint32Array;
  readonly #offset: number;
  /** The node's symbol, or -1 when unknown. */
  readonly #symbol: number;
  #endIndex = -1;
  #endPosition: { row: number; column: number } | undefined;

  constructor(internals: NativeInternals, native: NativeTreeEntry, words: Uint32Array, offset: number, symbol: number) {
    this.#internals = internals;
    this.#native = native;
    this.#words = words;
    this.#offset = offset;
    this.#symbol = symbol;
    this.startIndex = (words[offset + 2] ?? 0) >>> 1;
  }

  get startPosition() {
    return { row: this.#words[this.#offset + 3] ?? 0, column: (this.#words[this.#offset + 4] ?? 0) >>> 1 };
  }

  get endIndex(): number {
    if (this.#endIndex === -1) {
      // Most nodes asked for their end are identifiers: a lexical end saves a call into the binding.
      const lexical = this.#symbol >= 0 && this.#native.identifierSymbols?.[this.#symbol] === 1 ? asciiIdentifierEnd(this.#native, this.startIndex) : -1;
      if (lexical >= 0) this.#endIndex = lexical;
      else {
        this.#marshal();
        this.#endIndex = this.#internals.NodeMethods.endIndex(this.#native.tree);
      }
    }
    return this.#endIndex;
  }

  get endPosition() {
    if (this.#endPosition === undefined) {
      this.#marshal();
      this.#internals.NodeMethods.endPosition(this.#native.tree);
      const point = this.#internals.pointTransferArray;
      this.#endPosition = { row: point[0] ?? 0, column: point[1] ?? 0 };
    }
    return this.#endPosition;
  }

  get type(): string {
    this.#marshal();
    return this.#internals.NodeMethods.type(this.#native.tree);
  }

  /** The text of the node, for the query's predicates. */
  get text(): string {
    return this.#native.text.slice(this.startIndex, this.endIndex);
  }

  #marshal(): void {
    const transfer = this.#internals.nodeTransferArray;
    for (let field = 0; field < nodeFieldCount; field += 1) transfer[field] = this.#words[this.#offset + field] ?? 0;
  }
}

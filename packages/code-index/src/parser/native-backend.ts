import { createRequire } from 'node:module';
import { InvalidArgumentError, UnsupportedCapabilityError } from '@swespot/core';
import type {
  GrammarSource,
  LoadedGrammar,
  ParserBackend,
  SyntaxCapture,
  SyntaxMatch,
  SyntaxNode,
  SyntaxQuery,
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
  matches(node: NativeNode): { pattern: number; captures: SyntaxCapture[] }[];
  captures(node: NativeNode): SyntaxCapture[];
}
interface NativeModule {
  new (): NativeParser;
  Query: new (language: unknown, source: string) => NativeQuery;
}

const require = createRequire(import.meta.url);
let nativeModule: NativeModule | undefined;

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

/**
 * The native tree-sitter backend (the `tree-sitter` package). The binding loads on the first
 * {@link ParserBackend.loadGrammar} call, not here.
 */
export function createNativeBackend(): ParserBackend {
  const grammars = new Map<string, Promise<LoadedGrammar>>();
  return {
    name: 'native',
    loadGrammar(grammar: GrammarSource): Promise<LoadedGrammar> {
      let loaded = grammars.get(grammar.name);
      if (loaded === undefined) {
        loaded = Promise.resolve().then(() => loadNativeGrammar(grammar));
        grammars.set(grammar.name, loaded);
      }
      return loaded;
    },
  };
}

function loadNativeGrammar(grammar: GrammarSource): LoadedGrammar {
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
  return {
    parse(text: string): SyntaxTree {
      // The binding's default read buffer re-enters JavaScript per chunk; one buffer for the whole string is faster.
      const tree = parser.parse(text, undefined, { bufferSize: text.length + 1 });
      return { rootNode: tree.rootNode, dispose() {} };
    },
    compileQuery(source: string, name: string): SyntaxQuery {
      let query: NativeQuery;
      try {
        query = new TreeSitter.Query(language, source);
      } catch (error) {
        throw new InvalidArgumentError({
          message: `${name}: the ${grammar.name} query does not compile: ${(error as Error).message}`,
          argument: name,
          cause: error,
        });
      }
      return {
        matches(tree: SyntaxTree): readonly SyntaxMatch[] {
          const matches = query.matches(tree.rootNode as NativeNode);
          const first = matches[0]?.captures[0]?.node;
          const fast = first !== undefined && hasKnownLayout(first);
          return matches.map((match) => ({
            patternIndex: match.pattern,
            captures: fast ? match.captures.map((capture) => ({ name: capture.name, node: new NativeStartNode(capture.node) })) : match.captures,
          }));
        },
        captures(tree: SyntaxTree): readonly SyntaxCapture[] {
          return query.captures(tree.rootNode as NativeNode);
        },
      };
    },
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

/** A native node whose start is read from its fields; everything else asks the binding. */
class NativeStartNode implements SyntaxNode {
  readonly startIndex: number;
  readonly #inner: SyntaxNode;

  constructor(inner: SyntaxNode) {
    this.#inner = inner;
    this.startIndex = ((inner as unknown as NodeFields)[2] ?? 0) >>> 1;
  }

  get startPosition() {
    const fields = this.#inner as unknown as NodeFields;
    return { row: fields[3] ?? 0, column: (fields[4] ?? 0) >>> 1 };
  }

  get endIndex(): number {
    return this.#inner.endIndex;
  }

  get endPosition() {
    return this.#inner.endPosition;
  }

  get type(): string {
    return this.#inner.type;
  }
}

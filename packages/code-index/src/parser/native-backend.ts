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
          return query
            .matches(tree.rootNode as NativeNode)
            .map((match) => ({ patternIndex: match.pattern, captures: match.captures }));
        },
        captures(tree: SyntaxTree): readonly SyntaxCapture[] {
          return query.captures(tree.rootNode as NativeNode);
        },
      };
    },
  };
}

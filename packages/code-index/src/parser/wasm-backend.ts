import { UnsupportedCapabilityError, InvalidArgumentError } from '@swespot/core';
import type {
  GrammarSource,
  LoadedGrammar,
  ParserBackend,
  SyntaxCapture,
  SyntaxMatch,
  SyntaxQuery,
  SyntaxQueryOptions,
  SyntaxTree,
} from './parser-backend';
import { matchTableFromMatches } from './match-table';

type WebTreeSitter = typeof import('web-tree-sitter');

let runtime: Promise<WebTreeSitter> | undefined;

/** Loads and initialises `web-tree-sitter` once per process. */
function loadWebTreeSitter(): Promise<WebTreeSitter> {
  runtime ??= import('web-tree-sitter').then(async (module) => {
    await module.Parser.init();
    return module;
  });
  return runtime;
}

/**
 * The WASM tree-sitter backend (`web-tree-sitter`, with each grammar's `.wasm` file). Slower
 * to start than the native binding but needs no compiled module; it parses to the same trees.
 * Nothing loads until the first {@link ParserBackend.loadGrammar} call.
 */
export function createWasmBackend(): ParserBackend {
  const grammars = new Map<string, Promise<LoadedGrammar>>();
  return {
    name: 'wasm',
    loadGrammar(grammar: GrammarSource): Promise<LoadedGrammar> {
      let loaded = grammars.get(grammar.name);
      if (loaded === undefined) {
        loaded = loadWasmGrammar(grammar);
        grammars.set(grammar.name, loaded);
      }
      return loaded;
    },
  };
}

async function loadWasmGrammar(grammar: GrammarSource): Promise<LoadedGrammar> {
  const { Parser, Language, Query } = await loadWebTreeSitter();
  let language: import('web-tree-sitter').Language;
  try {
    language = await Language.load(grammar.wasmPath());
  } catch (error) {
    throw new UnsupportedCapabilityError({
      message: `The ${grammar.name} grammar's .wasm file does not load into web-tree-sitter: ${(error as Error).message}`,
      capability: `grammar:${grammar.name}`,
      provider: 'web-tree-sitter',
      cause: error,
    });
  }
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string): SyntaxTree {
      const tree = parser.parse(text);
      if (tree === null) {
        throw new InvalidArgumentError({ message: `web-tree-sitter returned no tree for a ${grammar.name} file`, argument: 'text' });
      }
      return { rootNode: tree.rootNode, dispose: () => tree.delete() };
    },
    compileQuery(source: string, name: string): SyntaxQuery {
      let query: import('web-tree-sitter').Query;
      try {
        query = new Query(language, source);
      } catch (error) {
        throw new InvalidArgumentError({
          message: `${name}: the ${grammar.name} query does not compile: ${(error as Error).message}`,
          argument: name,
          cause: error,
        });
      }
      type WasmNode = import('web-tree-sitter').Node;
      const matches = (tree: SyntaxTree, options?: SyntaxQueryOptions): readonly SyntaxMatch[] =>
        query
          .matches(tree.rootNode as unknown as WasmNode, options?.maxStartDepth === undefined ? undefined : { maxStartDepth: options.maxStartDepth })
          .map((match) => ({ patternIndex: match.patternIndex, captures: match.captures as readonly SyntaxCapture[] }));
      return {
        matches,
        matchTable: (tree, options) => matchTableFromMatches(matches(tree, options), query.captureNames),
        captures(tree: SyntaxTree): readonly SyntaxCapture[] {
          return query.captures(tree.rootNode as unknown as WasmNode) as readonly SyntaxCapture[];
        },
      };
    },
  };
}

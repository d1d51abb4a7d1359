import {
  builtinLanguages,
  selectParserBackend,
  type LanguageDefinition,
  type LoadedGrammar,
  type ParserBackend,
  type ParserBackendName,
  type SyntaxQuery,
} from '@swespot/code-index';
import { UnsupportedCapabilityError } from '@swespot/core';

/** A captured node, copied out of its tree: capture name, node type and UTF-16 range. */
export interface CapturedNode {
  readonly name: string;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** A tree-sitter parse of one text: whether it has syntax errors, and the matches of one query (each a list of captures). */
export interface ParsedSource {
  readonly hasError: boolean;
  readonly matches: readonly (readonly CapturedNode[])[];
}

/**
 * Parses texts of the built-in languages with code-index's tree-sitter backend, keeping one
 * loaded grammar and one compiled query per language and query text.
 */
export interface SourceParser {
  /** The backend in use. */
  readonly backend: ParserBackend;
  /** Parses `text` as `language` (a code-index language name) and runs `query` over it when given. */
  parse(language: string, text: string, query?: string): Promise<ParsedSource>;
  /** Every named node of `text` in tree order (type and UTF-16 range), for syntax-tree comparison. */
  namedNodes(language: string, text: string): Promise<{ readonly hasError: boolean; readonly nodes: readonly CapturedNode[] }>;
}

/** Creates a {@link SourceParser} on the tree-sitter backend `backend` (default: `auto`, env `SWESPOT_TREE_SITTER_BACKEND`). */
export function createSourceParser(options: { readonly backend?: ParserBackendName | ParserBackend; readonly languages?: readonly LanguageDefinition[] } = {}): SourceParser {
  const backend = typeof options.backend === 'object' ? options.backend : selectParserBackend(options.backend).backend;
  const languages = options.languages ?? builtinLanguages;
  const grammars = new Map<string, Promise<LoadedGrammar>>();
  const queries = new Map<string, SyntaxQuery>();
  const grammarOf = (name: string) => {
    let grammar = grammars.get(name);
    if (grammar === undefined) {
      const language = languages.find((candidate) => candidate.name === name);
      if (language === undefined) {
        throw new UnsupportedCapabilityError({
          message: `No tree-sitter grammar for language ${JSON.stringify(name)}; supported: ${languages.map((candidate) => candidate.name).join(', ')}.`,
          capability: `language:${name}`,
          provider: 'fim-holes',
        });
      }
      grammar = backend.loadGrammar(language.grammar);
      grammars.set(name, grammar);
    }
    return grammar;
  };
  const queryOf = (grammar: LoadedGrammar, language: string, source: string) => {
    const key = `${language}\u0000${source}`;
    let query = queries.get(key);
    if (query === undefined) {
      query = grammar.compileQuery(source, `fim-holes ${language}`);
      queries.set(key, query);
    }
    return query;
  };
  return {
    backend,
    async parse(language, text, query) {
      const grammar = await grammarOf(language);
      const tree = grammar.parse(text);
      try {
        // Copy what is needed: WASM nodes die with their tree.
        const matches = query === undefined ? [] : queryOf(grammar, language, query).matches(tree).map((match) => match.captures.map(copyCapture));
        return { hasError: tree.rootNode.hasError, matches };
      } finally {
        tree.dispose();
      }
    },
    async namedNodes(language, text) {
      const grammar = await grammarOf(language);
      const tree = grammar.parse(text);
      try {
        const nodes = queryOf(grammar, language, '(_) @node').captures(tree).map(copyCapture);
        return { hasError: tree.rootNode.hasError, nodes };
      } finally {
        tree.dispose();
      }
    },
  };
}

function copyCapture(capture: { readonly name: string; readonly node: { readonly type: string; readonly startIndex: number; readonly endIndex: number } }): CapturedNode {
  return { name: capture.name, type: capture.node.type, start: capture.node.startIndex, end: capture.node.endIndex };
}

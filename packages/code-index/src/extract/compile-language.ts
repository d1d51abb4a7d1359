import type { LanguageDefinition } from '../languages/language-definition';
import type { LoadedGrammar, ParserBackend, SyntaxQuery } from '../parser/parser-backend';

/** A language with its grammar loaded and its queries compiled by one backend. */
export interface CompiledLanguage {
  readonly definition: LanguageDefinition;
  readonly grammar: LoadedGrammar;
  /**
   * All of the language's queries compiled as one: a single pass over the tree costs about a
   * third of four separate passes. Matches are told apart by their capture names.
   */
  readonly query: SyntaxQuery;
  /** The language's `rootDefinitions`, run with patterns starting only at the root (max start depth 0). */
  readonly rootQuery?: SyntaxQuery;
}

const compiled = new WeakMap<ParserBackend, Map<string, Promise<CompiledLanguage>>>();

/** Loads the grammar and compiles the queries of `language` with `backend` (cached per backend). */
export function compileLanguage(backend: ParserBackend, language: LanguageDefinition): Promise<CompiledLanguage> {
  let perBackend = compiled.get(backend);
  if (perBackend === undefined) {
    perBackend = new Map();
    compiled.set(backend, perBackend);
  }
  let result = perBackend.get(language.name);
  if (result === undefined) {
    result = backend.loadGrammar(language.grammar).then((grammar) => {
      const queries = language.queries();
      const parts: [string, string | undefined][] = [
        ['definitions', queries.definitions],
        ['imports', queries.imports],
        ['locals', queries.locals],
        ['properties', queries.properties],
        ['tests', queries.tests],
      ];
      const rootQuery =
        queries.rootDefinitions === undefined
          ? undefined
          : grammar.compileQuery(queries.rootDefinitions, `queries of ${language.name}: rootDefinitions`);
      // Compile each part alone first, so a syntax error names the query it is in.
      for (const [kind, source] of parts) {
        if (source !== undefined) grammar.compileQuery(source, `queries of ${language.name}: ${kind}`);
      }
      const combined = parts.flatMap(([, source]) => (source === undefined ? [] : [source])).join('\n');
      return {
        definition: language,
        grammar,
        query: grammar.compileQuery(combined, `queries of ${language.name}`),
        ...(rootQuery === undefined ? {} : { rootQuery }),
      };
    });
    // A failed load is not cached, so a later call can retry (e.g. after a rebuild).
    result.catch(() => perBackend.delete(language.name));
    perBackend.set(language.name, result);
  }
  return result;
}

import { compileLanguage, extractFile, languageForPath, selectParserBackend, type CompiledLanguage } from '@swespot/code-index';
import type { LineRange } from '@swespot/core';

/** One test function, method or case found in a file. */
export interface LocatedTest {
  /** The file, relative to the repository root. */
  readonly file: string;
  /**
   * The names from the outermost class or `describe` block down to the test:
   * `['TestParser', 'test_empty']`, `['math', 'adds']`.
   */
  readonly names: readonly string[];
  /** Lines of the definition (decorators included) or of the `it`/`test` call. */
  readonly lines: LineRange;
}

const compiled = new Map<string, Promise<CompiledLanguage>>();

/** The compiled tree-sitter language of a path (Python, JavaScript, TypeScript, TSX), or undefined. */
function languageOf(path: string): Promise<CompiledLanguage> | undefined {
  const definition = languageForPath(path);
  if (definition === undefined) return undefined;
  let language = compiled.get(definition.name);
  if (language === undefined) {
    language = compileLanguage(selectParserBackend().backend, definition);
    compiled.set(definition.name, language);
  }
  return language;
}

/**
 * The tests defined in one file, parsed with tree-sitter (code-index's grammars and
 * queries). Python: every function or method named `test*` at module level or in classes
 * (nested classes included; TDD-Bench counts every `def test`, whatever the class, which
 * Django's inherited test cases need). JavaScript and TypeScript: every `it`/`test` call,
 * qualified by its `describe`/`suite` blocks (Jest, Vitest, Mocha, `node:test`). Other
 * languages give none.
 */
export async function locateTests(file: string, text: string): Promise<LocatedTest[]> {
  const pending = languageOf(file);
  if (pending === undefined) return [];
  const language = await pending;
  const extraction = extractFile({ text, language });
  if (language.definition.name === 'python') {
    const kinds = new Map(extraction.entities.map((entity) => [entity.qualifiedName, entity.kind]));
    const tests: LocatedTest[] = [];
    for (const entity of extraction.entities) {
      if ((entity.kind !== 'function' && entity.kind !== 'method') || !entity.name.startsWith('test')) continue;
      // Only definitions whose owners are all classes: a `def test_x` inside a function is a helper.
      const names = entity.qualifiedName.split('.');
      const owners = names.slice(0, -1).map((_, index) => names.slice(0, index + 1).join('.'));
      if (!owners.every((owner) => kinds.get(owner) === 'class')) continue;
      tests.push({ file, names, lines: entity.lineRange });
    }
    return tests;
  }
  return extraction.testCases.map((testCase) => ({ file, names: testCase.qualifiedName.split(' > '), lines: testCase.lineRange }));
}

import { describe, expect, it } from 'vitest';
import { extractFile } from '../extract/extract-file';
import { compileLanguage } from '../extract/compile-language';
import { javascriptLanguage } from '../languages/ecmascript-languages';
import { pythonLanguage } from '../languages/python-language';
import { matchesFromTable, matchTableFromMatches, matchTableOf } from './match-table';
import { createNativeBackend } from './native-backend';
import type { LoadedGrammar, ParserBackend, SyntaxMatch } from './parser-backend';
import { createWasmBackend } from './wasm-backend';

const pythonSource = [
  'import os',
  'def run(value, *rest):',
  '    """Say "@not_a_capture" ; not a comment."""',
  '    if value:',
  '        return os.path.join(value, *rest)',
  '    return None',
  '',
].join('\n');

/** Matches as plain data: pattern, capture names, and the text of each captured node. */
function describeMatches(matches: readonly SyntaxMatch[], text: string): string[] {
  return matches.map(
    (match) =>
      `${match.patternIndex}: ${match.captures.map((capture) => `@${capture.name}=${text.slice(capture.node.startIndex, capture.node.endIndex)}`).join(' ')}`,
  );
}

async function grammarOf(backend: ParserBackend, language = pythonLanguage): Promise<LoadedGrammar> {
  return (await compileLanguage(backend, language)).grammar;
}

describe('query matches on the native and the WASM backend', () => {
  // Capture names with dots, dashes and `?`/`!`; a string holding `@...` and `;` stays as written.
  const query = [
    '; a comment with @not_a_capture',
    '(function_definition name: (identifier) @definition.name-x body: (block) @body?)',
    '(call function: (attribute) @call.target! arguments: (argument_list) @_arguments)',
    '((identifier) @name.eq (#eq? @name.eq "value"))',
    '((string) @lex.string (#match? @lex.string "@not_a_capture"))',
  ].join('\n');

  it('report the capture names as written and apply predicates the same on both backends', async () => {
    const results: string[][] = [];
    for (const backend of [createNativeBackend(), createWasmBackend()]) {
      const grammar = await grammarOf(backend);
      const compiled = grammar.compileQuery(query, 'test query');
      const tree = grammar.parse(pythonSource);
      try {
        const matches = compiled.matches(tree);
        const table = matchTableOf(compiled, tree);
        // The table holds the same matches as `matches`.
        expect(describeMatches(matchesFromTable(table), pythonSource)).toEqual(describeMatches(matches, pythonSource));
        expect(compiled.captures(tree).map((capture) => capture.name)).toContain('definition.name-x');
        results.push(describeMatches(matches, pythonSource));
      } finally {
        tree.dispose();
      }
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual([
      '2: @name.eq=value',
      `0: @definition.name-x=run @body?=${pythonSource.slice(pythonSource.indexOf('"""'), -1)}`,
      '3: @lex.string="""Say "@not_a_capture" ; not a comment."""',
      '2: @name.eq=value',
      '1: @call.target!=os.path.join @_arguments=(value, *rest)',
      '2: @name.eq=value',
    ]);
  });

  it('name the query, and the offset as written, when a query does not compile', async () => {
    const grammar = await grammarOf(createNativeBackend());
    // `no_such_node` starts at offset 40 of the text as written; the aliased text the binding compiles is shorter.
    expect(() => grammar.compileQuery('(identifier) @a.very.long.capture.name\n(no_such_node) @x', 'queries of python: test')).toThrow(
      'queries of python: test: the python query does not compile: Query error of type TSQueryErrorNodeType at position 40',
    );
  });

  it('give a query with more capture names than one-letter aliases the same matches as WASM', async () => {
    const query60 = Array.from({ length: 60 }, (_, index) => `(identifier) @capture${index}`).join('\n');
    const texts: string[][] = [];
    for (const backend of [createNativeBackend(), createWasmBackend()]) {
      const grammar = await grammarOf(backend);
      const tree = grammar.parse('x = y\n');
      try {
        texts.push(describeMatches(grammar.compileQuery(query60, 'sixty captures').matches(tree), 'x = y\n'));
      } finally {
        tree.dispose();
      }
    }
    expect(texts[0]).toHaveLength(120);
    expect(texts[0]).toContain('59: @capture59=y');
    expect(texts[0]).toEqual(texts[1]);
  });
});

describe('identifier ends', () => {
  // The native backend reads an identifier's end from the text where that is safe; these are the unsafe cases.
  const cases = [
    [pythonLanguage, 'def f(a, bé, c):\n    x_1 = a\n    return x_1 + bé\n'],
    [pythonLanguage, 'def (x):\n    y = x\n    return y\n'],
    [pythonLanguage, 'class :\n    z = 1\n'],
    [javascriptLanguage, 'function f(a$b, \\u0061c, ça) { const d$ = a$b; return d$ + ça; }\n'],
    [javascriptLanguage, 'function (x) { let = 1; return x }\n'],
  ] as const;

  it('are the same on the native and the WASM backend, with and without syntax errors', async () => {
    for (const [language, text] of cases) {
      const native = extractFile({ text, language: await compileLanguage(createNativeBackend(), language) });
      const wasm = extractFile({ text, language: await compileLanguage(createWasmBackend(), language) });
      expect(native, text).toEqual(wasm);
    }
    const first = extractFile({ text: cases[0][1], language: await compileLanguage(createNativeBackend(), pythonLanguage) });
    expect(first.entities.map((entity) => entity.qualifiedName)).toEqual(['<module>', 'f']);
    // Parameters and locals are bound, so no uses of outer names remain.
    expect(first.names).toEqual([]);
  });
});

describe('matchTableFromMatches', () => {
  it('numbers capture names after the given ones and round-trips through matchesFromTable', () => {
    const node = (startIndex: number) => ({ type: 'identifier', startIndex, endIndex: startIndex + 1, startPosition: { row: 0, column: startIndex }, endPosition: { row: 0, column: startIndex + 1 } });
    const matches: SyntaxMatch[] = [
      { patternIndex: 3, captures: [{ name: 'b', node: node(4) }, { name: 'new', node: node(7) }] },
      { patternIndex: 0, captures: [] },
      { patternIndex: 1, captures: [{ name: 'a', node: node(1) }] },
    ];
    const names = ['a', 'b'];
    const table = matchTableFromMatches(matches, names);
    expect(table.captureNames).toEqual(['a', 'b', 'new']);
    // The given list is not changed.
    expect(names).toEqual(['a', 'b']);
    expect(Array.from(table.captureIds)).toEqual([1, 2, 0]);
    expect(Array.from(table.starts)).toEqual([4, 7, 1]);
    expect(Array.from(table.captureOffsets)).toEqual([0, 2, 2, 3]);
    expect(matchesFromTable(table)).toEqual(matches);
  });

  it('extracts the same through the public matches of the binding as from its transfer buffer', async () => {
    const raw = createNativeBackend();
    const viaPublicApi = createNativeBackend({ rawMatches: false });
    for (const [language, text] of [
      [pythonLanguage, pythonSource],
      [javascriptLanguage, "const { a } = require('./a');\nexport default function f(x) { if (x) { return a(x); } else { return -x; } }\n"],
    ] as const) {
      const expected = extractFile({ text, language: await compileLanguage(raw, language) });
      expect(extractFile({ text, language: await compileLanguage(viaPublicApi, language) })).toEqual(expected);
      expect(expected.entities.length).toBeGreaterThan(1);
    }
  });

  it('lets a backend without matchTable extract the same file as the native backend', async () => {
    const native = createNativeBackend();
    // A custom backend: the native grammar with only the required query methods.
    const plain: ParserBackend = {
      name: 'native',
      async loadGrammar(source) {
        const grammar = await native.loadGrammar(source);
        return {
          parse: (text) => grammar.parse(text),
          compileQuery(query, name) {
            const compiled = grammar.compileQuery(query, name);
            return { matches: (tree, options) => compiled.matches(tree, options), captures: (tree) => compiled.captures(tree) };
          },
        };
      },
    };
    const source = "import { a } from './a';\nexport function f(x) { return a(x) ? x.y : -1; }\n";
    const expected = extractFile({ text: source, language: await compileLanguage(native, javascriptLanguage) });
    const actual = extractFile({ text: source, language: await compileLanguage(plain, javascriptLanguage) });
    expect(actual).toEqual(expected);
    expect(actual.entities.map((entity) => entity.properties)).toContainEqual(expect.arrayContaining(['has-call', 'has-return']));
  });
});

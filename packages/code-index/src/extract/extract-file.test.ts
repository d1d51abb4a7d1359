import { describe, expect, it } from 'vitest';
import { javascriptLanguage, tsxLanguage, typescriptLanguage } from '../languages/ecmascript-languages';
import { pythonLanguage } from '../languages/python-language';
import { createNativeBackend } from '../parser/native-backend';
import { createWasmBackend } from '../parser/wasm-backend';
import { compileLanguage } from './compile-language';
import { extractFile } from './extract-file';

const python = `"""Module doc: naïve café ☕."""
import os

LIMIT = 10


class Cache(Base):
    """A cache."""
    size = 3

    @property
    @functools.wraps(LIMIT)
    def hits(self, key: str = "ü") -> int:
        """Hits."""
        total = 0
        for item in self.items:
            if item and key or not total:
                total += 1
            elif item > LIMIT:
                total -= 1
            else:
                continue
        try:
            os.remove(key)
        except OSError as error:
            raise ValueError(error)
        def inner():
            return [x for x in range(3)]
        return total
`;

const typescript = `/** Doc of f. */
export function f(a: number, b = 2): number {
  if (a > b) { return a ?? b; }
  return a + b;
}

export class K extends Base<T> implements I {
  field = 1;
  /** Runs. */
  method(): void { this.field += 1; }
}

export const arrow = async (x: number) => await x;
interface I { run(): void }
enum Color { Red }
type Alias = string;
`;

for (const backendFactory of [createNativeBackend, createWasmBackend]) {
  describe(`extractFile (${backendFactory().name})`, () => {
    it('extracts Python entities with spans, signatures, docstrings, decorators, properties and complexity', async () => {
      const language = await compileLanguage(backendFactory(), pythonLanguage);
      const extraction = extractFile({ text: python, language });
      const byName = new Map(extraction.entities.map((entity) => [entity.qualifiedName, entity]));
      expect([...byName.keys()]).toEqual(['<module>', 'LIMIT', 'Cache', 'Cache.size', 'Cache.hits', 'Cache.hits.inner']);
      const hits = byName.get('Cache.hits');
      expect(hits).toMatchObject({
        kind: 'method',
        name: 'hits',
        parent: 'Cache',
        signature: 'def hits(self, key: str = "ü") -> int:',
        docstring: '"""Hits."""',
        decorators: ['@property', '@functools.wraps(LIMIT)'],
      });
      expect(hits?.properties).toEqual(
        expect.arrayContaining(['has-assignment', 'has-bool-op', 'has-call', 'has-decorator', 'has-exception', 'has-if', 'has-if-else', 'has-loop', 'has-raise', 'has-return', 'has-try', 'has-unary-op', 'has-comparison', 'has-comprehension']),
      );
      // `@property.try.wrapper`: one capture gives both properties.
      expect(hits?.properties).toContain('has-wrapper');
      // 1 + for + if + elif + `and` + `or` + except + comprehension for.
      expect(hits?.complexity).toBe(8);
      expect(byName.get('Cache')).toMatchObject({ kind: 'class', bases: ['Base'], docstring: '"""A cache."""' });
      expect(byName.get('Cache')?.properties).toContain('has-parent');
      expect(byName.get('Cache.hits.inner')).toMatchObject({ kind: 'function', parent: 'Cache.hits' });
      expect(byName.get('<module>')?.docstring).toBe('"""Module doc: naïve café ☕."""');

      // Byte ranges are UTF-8 offsets: the span of `hits` starts at the decorator and cuts out exactly the method.
      const bytes = Buffer.from(python, 'utf8');
      const span = bytes.subarray(hits?.byteRange.start, hits?.byteRange.end).toString('utf8');
      expect(span.startsWith('@property')).toBe(true);
      expect(span.endsWith('return total')).toBe(true);
      expect(hits?.lineRange).toEqual({ start: 11, end: 29 });
      expect(extraction.byteLength).toBe(bytes.byteLength);

      const names = extraction.names.map((use) => use.name);
      expect(names).toEqual(expect.arrayContaining(['Base', 'functools.wraps', 'os.remove', 'LIMIT', 'OSError', 'ValueError', 'range']));
      // Parameters, loop variables, locals and attribute members are not uses of outer names.
      for (const local of ['key', 'total', 'item', 'error', 'x', 'inner', 'remove']) expect(names).not.toContain(local);
      expect(extraction.names.find((use) => use.name === 'self.items')?.selfClass).toBe('Cache');
      expect(extraction.imports).toEqual([{ kind: 'module', source: 'os', line: 2, reexport: false }]);
    });

    it('finds module-level variables under a module-level if or try in the pass that starts patterns at the root only', async () => {
      const language = await compileLanguage(backendFactory(), pythonLanguage);
      const text = 'if X:\n    A = 1\nelif Y:\n    B = 2\ntry:\n    C = 3\nexcept E:\n    D = 4\ndef f():\n    if X:\n        L = 1\n';
      const extraction = extractFile({ text, language });
      expect(extraction.entities.map((entity) => `${entity.kind} ${entity.qualifiedName}`)).toEqual([
        'module <module>',
        'variable A',
        'variable B',
        'variable C',
        'variable D',
        'function f',
      ]);
      // maxStartDepth counts from the root (depth 0): module > expression_statement > assignment.
      const query = language.grammar.compileQuery('(assignment left: (identifier) @name)', 'test');
      const tree = language.grammar.parse('A = 1\ndef f():\n    B = 2\n');
      try {
        const starts = (maxStartDepth?: number) =>
          query.matches(tree, maxStartDepth === undefined ? undefined : { maxStartDepth }).map((match) => match.captures[0]?.node.startIndex);
        expect(starts()).toEqual([0, 19]);
        expect(starts(2)).toEqual([0]);
        expect(starts(1)).toEqual([]);
      } finally {
        tree.dispose();
      }
    });

    it('extracts TypeScript functions, classes, methods, arrow functions, interfaces, enums and JSDoc', async () => {
      const language = await compileLanguage(backendFactory(), typescriptLanguage);
      const extraction = extractFile({ text: typescript, language });
      const summary = extraction.entities.map((entity) => `${entity.kind} ${entity.qualifiedName}`);
      expect(summary).toEqual([
        'module <module>',
        'function f',
        'class K',
        'variable K.field',
        'method K.method',
        'function arrow',
        'class I',
        'class Color',
        'variable Alias',
      ]);
      const f = extraction.entities[1];
      expect(f).toMatchObject({ docstring: '/** Doc of f. */', signature: 'function f(a: number, b = 2): number', complexity: 3 });
      expect(f?.properties).toEqual(['has-binary-op', 'has-bool-op', 'has-comparison', 'has-if', 'has-return']);
      expect(extraction.entities.find((entity) => entity.name === 'method')?.docstring).toBe('/** Runs. */');
      expect(extraction.entities.find((entity) => entity.name === 'arrow')?.properties).toEqual(['has-assignment', 'has-await', 'has-lambda']);
    });

    it('parses JavaScript with JSX and TSX', async () => {
      const javascript = await compileLanguage(backendFactory(), javascriptLanguage);
      const jsx = extractFile({ text: 'export function View() { return <div title="x">{helper()}</div>; }\n', language: javascript });
      expect(jsx.hasSyntaxErrors).toBe(false);
      expect(jsx.names.map((use) => use.name)).toEqual(['div', 'helper', 'div']);
      const tsx = await compileLanguage(backendFactory(), tsxLanguage);
      const typed = extractFile({ text: 'export const View = (props: Props): JSX.Element => <b>{props.x}</b>;\n', language: tsx });
      expect(typed.entities.map((entity) => entity.qualifiedName)).toEqual(['<module>', 'View']);
      expect(typed.names.map((use) => use.name)).toEqual(['Props', 'JSX.Element', 'b', 'b']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { findModuleSpecifiers } from './find-module-specifiers';

const specifiersOf = (source: string) => findModuleSpecifiers(source).map(({ specifier }) => specifier);

describe('findModuleSpecifiers', () => {
  it('finds every form of import with its line', () => {
    const source = [
      "import { a } from '@swespot/a';",
      'import type { B } from "@swespot/b";',
      "import '@swespot/c/register';",
      "export { d } from '@swespot/d';",
      "export type { E } from '@swespot/e';",
      "export * as f from '@swespot/f';",
      'const g = await import(',
      "  '@swespot/g'",
      ');',
      "const h = require('@swespot/h');",
      "import i = require('@swespot/i');",
      'import {',
      '  j,',
      "} from '@swespot/j/test';",
    ].join('\n');

    expect(findModuleSpecifiers(source)).toEqual([
      { specifier: '@swespot/a', line: 1 },
      { specifier: '@swespot/b', line: 2 },
      { specifier: '@swespot/c/register', line: 3 },
      { specifier: '@swespot/d', line: 4 },
      { specifier: '@swespot/e', line: 5 },
      { specifier: '@swespot/f', line: 6 },
      { specifier: '@swespot/g', line: 8 },
      { specifier: '@swespot/h', line: 10 },
      { specifier: '@swespot/i', line: 11 },
      { specifier: '@swespot/j/test', line: 14 },
    ]);
  });

  it('ignores imports inside comments', () => {
    const source = [
      "// import { a } from '@swespot/a';",
      "/* export { b } from '@swespot/b';",
      "   require('@swespot/c') */",
      '/**',
      " * @example import('@swespot/d')",
      ' */',
      "import { real } from './real'; // import '@swespot/e'",
    ].join('\n');

    expect(findModuleSpecifiers(source)).toEqual([{ specifier: './real', line: 7 }]);
  });

  it('ignores imports inside string, template and regular-expression literals', () => {
    const source = [
      `const quoted = "import x from '@swespot/a'";`,
      `const single = 'require("@swespot/b")';`,
      "const escaped = 'it\\'s import(\"@swespot/c\")';",
      "const template = `import('@swespot/d') ${`nested import '@swespot/e'`} export * from '@swespot/f'`;",
      "const pattern = /from '@swespot\\/g'|[/]import '@swespot\\/h'/g;",
      "const ratio = 4 / 2; import('@swespot/after-division');",
    ].join('\n');

    expect(specifiersOf(source)).toEqual(['@swespot/after-division']);
  });

  it('reads code inside template substitutions', () => {
    const source = "const text = `${await import('@swespot/a').then((module) => { return module.name; })} done`;\nimport '@swespot/b';";

    expect(findModuleSpecifiers(source)).toEqual([
      { specifier: '@swespot/a', line: 1 },
      { specifier: '@swespot/b', line: 2 },
    ]);
  });

  it('keeps line numbers right after multi-line comments, strings and templates', () => {
    const source = ['/*', ' * two', ' */', 'const t = `a', 'b`;', "import '@swespot/a';"].join('\n');

    expect(findModuleSpecifiers(source)).toEqual([{ specifier: '@swespot/a', line: 6 }]);
  });

  it('ignores property accesses and computed specifiers', () => {
    const source = [
      "Array.from('@swespot/a');",
      "loader.import('@swespot/b');",
      "module.require('@swespot/c');",
      'const name = "@swespot/d";',
      'await import(name);',
      "const options = { from: '@swespot/e' };",
    ].join('\n');

    expect(specifiersOf(source)).toEqual([]);
  });
});

import { tokenizeSource, type SourceToken } from './tokenize-source';

/** A module specifier that a source file loads, and the line it appears on. */
export interface ModuleSpecifier {
  /** The specifier exactly as written, e.g. `@swespot/core/test` or `./foo`. */
  specifier: string;
  /** 1-based line of the specifier's string literal. */
  line: number;
}

/**
 * Finds every module a JavaScript or TypeScript file loads: static
 * `import ... from 'x'` and `export ... from 'x'` (including `import type` and
 * `export type`), side-effect `import 'x'`, dynamic `import('x')`,
 * `require('x')` and `import x = require('x')`. Comments are dropped and
 * string, template and regular-expression literals are read as literals, so
 * an import written inside any of them is not reported. Only plain string
 * specifiers count: `import(name)` with a computed name cannot be checked.
 *
 * @param source the file's text.
 * @returns the specifiers in source order; a repeated import is listed each time.
 */
export function findModuleSpecifiers(source: string): ModuleSpecifier[] {
  const tokens = tokenizeSource(source);
  const specifiers: ModuleSpecifier[] = [];
  const isPunctuation = (token: SourceToken | undefined, value: string) =>
    token?.kind === 'punctuation' && token.value === value;

  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    const previous = tokens[index - 1];
    // `foo.import(...)`, `foo.from 'x'` and `foo.require(...)` are property accesses.
    if (isPunctuation(previous, '.')) return;
    const next = tokens[index + 1];
    const afterNext = tokens[index + 2];

    if ((token.value === 'from' || token.value === 'import') && next?.kind === 'string') {
      specifiers.push({ specifier: next.value, line: next.line });
      return;
    }
    if (
      (token.value === 'import' || token.value === 'require') &&
      isPunctuation(next, '(') &&
      afterNext?.kind === 'string'
    ) {
      specifiers.push({ specifier: afterNext.value, line: afterNext.line });
    }
  });
  return specifiers;
}

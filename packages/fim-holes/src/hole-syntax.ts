import type { HoleGranularity, HolePart } from '@swespot/core';

/**
 * What the hole finder needs to know about one language's syntax: a tree-sitter query for
 * definitions with their bodies, where a body's statements start and end, which bodies are
 * stubs, and the placeholder that stands in for a hole so the file still parses.
 */
export interface HoleSyntax {
  /** Language names (code-index's `IndexedFile.language`) this syntax serves. */
  readonly languages: readonly string[];
  /**
   * Query per language name: `@definition` (a class or function node), `@body` (its body
   * block) and, optionally, `@doc` (a docstring statement that opens the body).
   */
  readonly definitionsQuery: (language: string) => string;
  /**
   * The statements of a body as a byte range of the file, from the body node's range in
   * `text` (UTF-16 offsets) and the docstring statement's end when there is one. `undefined`
   * when the body holds nothing but its docstring.
   */
  readonly statementsOf: (text: string, body: { start: number; end: number }, docEnd: number | undefined) => { start: number; end: number } | undefined;
  /** Whether a body (its statements, as text) only declares an interface: `pass`, `...`, `raise NotImplementedError`. */
  readonly isStubBody: (statements: string) => boolean;
  /** Whether a decorator text marks an abstract or overload stub. */
  readonly isStubDecorator: (decorator: string) => boolean;
  /** Lines of code in a text: not blank and not only a comment. */
  readonly codeLineCount: (text: string) => number;
  /** The one-line text put in place of a hole; it parses wherever the removed code did. */
  readonly placeholder: (hole: { readonly number: number; readonly part: HolePart; readonly granularity: HoleGranularity; readonly symbol: string }) => string;
}

/** The marker every placeholder carries, e.g. `FIM HOLE 1`: what an agent greps for. */
export function holeMarker(number: number): string {
  return `FIM HOLE ${number}`;
}

function describeHole(hole: { readonly part: HolePart; readonly granularity: HoleGranularity; readonly symbol: string }): string {
  return hole.part === 'body' ? `write the body of ${hole.granularity} ${hole.symbol} here` : `write the ${hole.granularity} ${hole.symbol} here`;
}

function countLines(text: string, isComment: (line: string) => boolean): number {
  let count = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !isComment(trimmed)) count++;
  }
  return count;
}

const isWhitespace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;

/** Python: function and class definitions; bodies are indented blocks. */
export const pythonHoleSyntax: HoleSyntax = {
  languages: ['python'],
  definitionsQuery: () => `
(function_definition body: (block) @body) @definition
(class_definition body: (block) @body) @definition
(function_definition body: (block . (expression_statement (string)) @doc)) @definition
(class_definition body: (block . (expression_statement (string)) @doc)) @definition
`,
  statementsOf: (text, body, docEnd) => {
    let start = docEnd ?? body.start;
    while (start < body.end && isWhitespace(text.charCodeAt(start))) start++;
    if (start >= body.end) return undefined;
    return { start, end: body.end };
  },
  isStubBody: (statements) => {
    const code = statements
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line !== '')
      .join(' ');
    return /^(pass|\.\.\.|raise NotImplementedError\b.*|return NotImplemented)$/s.test(code);
  },
  isStubDecorator: (decorator) => /\b(abstractmethod|abstractproperty|abstractclassmethod|abstractstaticmethod|overload)\b/.test(decorator),
  codeLineCount: (text) => countLines(text, (line) => line.startsWith('#')),
  placeholder: (hole) =>
    hole.part === 'body' && hole.granularity !== 'class'
      ? `raise NotImplementedError  # ${holeMarker(hole.number)}: ${describeHole(hole)}`
      : `...  # ${holeMarker(hole.number)}: ${describeHole(hole)}`,
};

const ecmascriptDefinitions = `
(function_declaration body: (statement_block) @body) @definition
(generator_function_declaration body: (statement_block) @body) @definition
(method_definition body: (statement_block) @body) @definition
(arrow_function body: (statement_block) @body) @definition
(function_expression body: (statement_block) @body) @definition
(class_declaration body: (class_body) @body) @definition
`;

/** JavaScript, TypeScript and TSX: functions, methods, arrow functions and classes with braced bodies. */
export const ecmascriptHoleSyntax: HoleSyntax = {
  languages: ['javascript', 'typescript', 'tsx'],
  definitionsQuery: (language) =>
    language === 'javascript' ? ecmascriptDefinitions : `${ecmascriptDefinitions}(abstract_class_declaration body: (class_body) @body) @definition\n`,
  statementsOf: (text, body) => {
    // inside the braces, without the white space next to them
    let start = body.start + 1;
    let end = body.end - 1;
    while (start < end && isWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
    return start < end ? { start, end } : undefined;
  },
  isStubBody: (statements) => {
    const code = statements
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .trim();
    return code === '' || /^throw new (Error|TypeError)\((['"`]).*not implemented.*\2\);?$/is.test(code);
  },
  isStubDecorator: () => false,
  codeLineCount: (text) => countLines(text, (line) => line.startsWith('//') || line.startsWith('/*') || line.startsWith('*')),
  placeholder: (hole) =>
    hole.part === 'body' && hole.granularity !== 'class'
      ? `throw new Error('${holeMarker(hole.number)}: not implemented'); // ${describeHole(hole)}`
      : `/* ${holeMarker(hole.number)}: ${describeHole(hole)} */`,
};

/** The built-in hole syntaxes: Python, JavaScript, TypeScript and TSX. */
export const builtinHoleSyntaxes: readonly HoleSyntax[] = [pythonHoleSyntax, ecmascriptHoleSyntax];

/** The hole syntax of a language name, or `undefined`. */
export function holeSyntaxFor(language: string, syntaxes: readonly HoleSyntax[] = builtinHoleSyntaxes): HoleSyntax | undefined {
  return syntaxes.find((syntax) => syntax.languages.includes(language));
}

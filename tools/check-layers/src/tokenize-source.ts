/**
 * One significant token of JavaScript or TypeScript source. Comments and
 * whitespace produce no tokens, so nothing written inside a comment can look
 * like an import.
 */
export interface SourceToken {
  /**
   * `word`: an identifier or keyword; `string`: a quoted string literal (its
   * `value` is the unquoted text); `template`: a template literal or one of its
   * static parts; `regex`: a regular expression literal; `punctuation`: any
   * other single character (`(`, `.`, `=`, ...).
   */
  kind: 'word' | 'string' | 'template' | 'regex' | 'punctuation';
  /** The text: the word, the string without quotes, or the punctuation character. */
  value: string;
  /** 1-based line on which the token starts. */
  line: number;
}

/** Words after which a `/` starts a regular expression rather than a division. */
const keywordsBeforeExpression = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/** Characters that may continue an identifier (ASCII, `$`, `_`, and anything non-ASCII). */
function isWordCharacter(character: string): boolean {
  return /[\w$]/.test(character) || character.charCodeAt(0) > 0x7f;
}

/**
 * Splits JavaScript or TypeScript source into significant tokens, dropping
 * comments and whitespace. It understands string, template (with nested
 * `${}` expressions) and regular-expression literals well enough that import
 * look-alikes inside any of them, or inside comments, are never mistaken for
 * code. It is a scanner for finding module specifiers, not a parser: it never
 * throws, and an unterminated literal simply ends at the end of its line (or
 * of the file, for templates).
 *
 * @param source the file's text.
 * @returns the tokens in source order.
 */
export function tokenizeSource(source: string): SourceToken[] {
  const tokens: SourceToken[] = [];
  let index = 0;
  let line = 1;
  // One entry per open `${`: the count of `{` opened inside that expression and
  // not yet closed. When a `}` arrives with the count at zero, the template resumes.
  const templateBraceDepths: number[] = [];

  const push = (kind: SourceToken['kind'], value: string, startLine: number) => {
    tokens.push({ kind, value, line: startLine });
  };

  const slashStartsRegex = (): boolean => {
    const previous = tokens.at(-1);
    if (previous === undefined) return true;
    if (previous.kind === 'word') return keywordsBeforeExpression.has(previous.value);
    if (previous.kind === 'punctuation') return !/[)\]}]/.test(previous.value);
    return false;
  };

  /** Reads template text from `index` (just after a backtick or a closing `}`). */
  const readTemplatePart = () => {
    const startLine = line;
    let value = '';
    while (index < source.length) {
      const character = source[index] ?? '';
      if (character === '\\') {
        value += source.slice(index, index + 2);
        if (source[index + 1] === '\n') line += 1;
        index += 2;
        continue;
      }
      if (character === '`') {
        index += 1;
        push('template', value, startLine);
        return;
      }
      if (character === '$' && source[index + 1] === '{') {
        index += 2;
        templateBraceDepths.push(0);
        push('template', value, startLine);
        return;
      }
      if (character === '\n') line += 1;
      value += character;
      index += 1;
    }
    push('template', value, startLine);
  };

  while (index < source.length) {
    const character = source[index] ?? '';
    const next = source[index + 1];

    if (character === '\n') {
      line += 1;
      index += 1;
      continue;
    }
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (character === '/' && next === '/') {
      const end = source.indexOf('\n', index);
      index = end === -1 ? source.length : end;
      continue;
    }
    if (character === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      const stop = end === -1 ? source.length : end + 2;
      for (let position = index; position < stop; position += 1) {
        if (source[position] === '\n') line += 1;
      }
      index = stop;
      continue;
    }
    if (character === '"' || character === "'") {
      const startLine = line;
      let value = '';
      index += 1;
      while (index < source.length) {
        const inner = source[index] ?? '';
        if (inner === '\\') {
          const escaped = source[index + 1] ?? '';
          if (escaped === '\n') line += 1;
          value += escaped;
          index += 2;
          continue;
        }
        if (inner === character || inner === '\n') break;
        value += inner;
        index += 1;
      }
      if (source[index] === character) index += 1;
      push('string', value, startLine);
      continue;
    }
    if (character === '`') {
      index += 1;
      readTemplatePart();
      continue;
    }
    if (character === '/' && slashStartsRegex()) {
      const startLine = line;
      let value = '';
      let inClass = false;
      index += 1;
      while (index < source.length) {
        const inner = source[index] ?? '';
        if (inner === '\n') break;
        if (inner === '\\') {
          value += source.slice(index, index + 2);
          index += 2;
          continue;
        }
        if (inner === '[') inClass = true;
        else if (inner === ']') inClass = false;
        else if (inner === '/' && !inClass) break;
        value += inner;
        index += 1;
      }
      if (source[index] === '/') index += 1;
      while (index < source.length && /[a-z]/i.test(source[index] ?? '')) index += 1;
      push('regex', value, startLine);
      continue;
    }
    if (isWordCharacter(character)) {
      let end = index + 1;
      while (end < source.length && isWordCharacter(source[end] ?? '')) end += 1;
      push('word', source.slice(index, end), line);
      index = end;
      continue;
    }
    if (templateBraceDepths.length > 0) {
      const depth = templateBraceDepths.length - 1;
      if (character === '{') {
        templateBraceDepths[depth] = (templateBraceDepths[depth] ?? 0) + 1;
      } else if (character === '}') {
        if (templateBraceDepths[depth] === 0) {
          templateBraceDepths.pop();
          index += 1;
          readTemplatePart();
          continue;
        }
        templateBraceDepths[depth] = (templateBraceDepths[depth] ?? 1) - 1;
      }
    }
    push('punctuation', character, line);
    index += 1;
  }
  return tokens;
}

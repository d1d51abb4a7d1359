/** Where a JSON text first breaks the grammar. */
export interface JsonSyntaxErrorLocation {
  /** 0-based offset into the text, in UTF-16 code units. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** What was expected or found there, e.g. `unexpected ']'`. */
  message: string;
}

class JsonSyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds the first JSON syntax error in `text` and its line and column, or returns
 * `undefined` when the text is valid JSON. Node 20's `JSON.parse` names a position
 * for only some errors, so this scans the grammar itself.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxErrorLocation | undefined {
  let index = 0;

  const describe = (at: number) =>
    at >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[at])}`;
  const fail = (at: number, expected?: string): never => {
    throw new JsonSyntaxFailure(at, expected ? `expected ${expected}, ${describe(at)}` : describe(at));
  };
  const skipWhitespace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index] as string)) index += 1;
  };
  const expectCharacter = (character: string, expected: string) => {
    skipWhitespace();
    if (text[index] !== character) fail(index, expected);
    index += 1;
  };

  const parseString = () => {
    // index is at the opening quote
    index += 1;
    while (index < text.length) {
      const character = text[index] as string;
      if (character === '"') {
        index += 1;
        return;
      }
      if (character === '\\') {
        const escaped = text[index + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) fail(index, 'a \\uXXXX escape');
          index += 6;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          index += 2;
        } else {
          fail(index + 1, 'a valid escape');
        }
        continue;
      }
      if (character.charCodeAt(0) < 0x20) fail(index, 'a closing \'"\' (control characters must be escaped)');
      index += 1;
    }
    fail(index, 'a closing \'"\'');
  };

  const parseValue = (): void => {
    skipWhitespace();
    const character = text[index];
    if (character === '{') {
      index += 1;
      skipWhitespace();
      if (text[index] === '}') {
        index += 1;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[index] !== '"') fail(index, 'a double-quoted property name');
        parseString();
        expectCharacter(':', "':' after the property name");
        parseValue();
        skipWhitespace();
        if (text[index] === ',') {
          index += 1;
          continue;
        }
        if (text[index] === '}') {
          index += 1;
          return;
        }
        fail(index, "',' or '}'");
      }
    }
    if (character === '[') {
      index += 1;
      skipWhitespace();
      if (text[index] === ']') {
        index += 1;
        return;
      }
      for (;;) {
        parseValue();
        skipWhitespace();
        if (text[index] === ',') {
          index += 1;
          continue;
        }
        if (text[index] === ']') {
          index += 1;
          return;
        }
        fail(index, "',' or ']'");
      }
    }
    if (character === '"') return parseString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return;
      }
    }
    numberPattern.lastIndex = index;
    const number = numberPattern.exec(text);
    if (number) {
      index += number[0].length;
      return;
    }
    fail(index, 'a value');
  };

  try {
    parseValue();
    skipWhitespace();
    if (index < text.length) fail(index, 'end of input');
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonSyntaxFailure)) throw error;
    const before = text.slice(0, error.offset);
    const lastNewline = before.lastIndexOf('\n');
    return {
      offset: error.offset,
      line: before.split('\n').length,
      column: error.offset - lastNewline,
      message: error.message,
    };
  }
}

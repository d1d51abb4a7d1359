import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './locate-json-syntax-error';

describe('locateJsonSyntaxError', () => {
  it('returns undefined for valid JSON of every kind', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0']) {
      expect(locateJsonSyntaxError(text), text).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it.each([
    ['{\n  "a": 1,\n}', 3, 1, 'expected a double-quoted property name, unexpected "}"'],
    ['[1,]', 1, 4, 'expected a value, unexpected "]"'],
    ['{"a":tru}', 1, 6, 'expected a value, unexpected "t"'],
    ['{"a" 1}', 1, 6, "expected ':' after the property name, unexpected \"1\""],
    ['{"a": 1', 1, 8, "expected ',' or '}', unexpected end of input"],
    ['{"a": "b\nc"}', 1, 9, 'expected a closing \'"\' (control characters must be escaped), unexpected "\\n"'],
    ['{"a": 1} x', 1, 10, 'expected end of input, unexpected "x"'],
    ["{'a': 1}", 1, 2, 'expected a double-quoted property name, unexpected "\'"'],
    ['{"a": "\\x"}', 1, 9, 'expected a valid escape, unexpected "x"'],
  ])('locates the error in %j at line %i, column %i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toMatchObject({ line, column, message });
  });
});

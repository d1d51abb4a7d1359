import { describe, expect, it } from 'vitest';
import { tokenizeSource } from './tokenize-source';

describe('tokenizeSource', () => {
  it('drops comments and whitespace and keeps literals whole', () => {
    const tokens = tokenizeSource("/* a */ const x = 'it\\'s'; // b\nreturn /[/]x/g.test(y) / 2;");

    expect(tokens.map(({ kind, value }) => `${kind}:${value}`)).toEqual([
      'word:const',
      'word:x',
      'punctuation:=',
      "string:it's",
      'punctuation:;',
      'word:return',
      'regex:[/]x',
      'punctuation:.',
      'word:test',
      'punctuation:(',
      'word:y',
      'punctuation:)',
      'punctuation:/',
      'word:2',
      'punctuation:;',
    ]);
    expect(tokens.find((token) => token.value === 'return')?.line).toBe(2);
  });

  it('splits a template at its substitutions and resumes after nested braces', () => {
    const tokens = tokenizeSource('`a${ { b: 1 }.b }c` + d');

    expect(tokens.map(({ kind, value }) => `${kind}:${value}`)).toEqual([
      'template:a',
      'punctuation:{',
      'word:b',
      'punctuation::',
      'word:1',
      'punctuation:}',
      'punctuation:.',
      'word:b',
      'template:c',
      'punctuation:+',
      'word:d',
    ]);
  });

  it('ends an unterminated string at the end of its line', () => {
    const tokens = tokenizeSource("const broken = 'oops\nimport next;");

    expect(tokens.slice(-3).map(({ value, line }) => `${value}@${line}`)).toEqual(['import@2', 'next@2', ';@2']);
  });
});

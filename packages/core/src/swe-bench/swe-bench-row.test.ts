import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error';
import { issuePathsOf } from '../schemas/__fixtures__/issues-of';
import { readRceRows } from './__fixtures__/read-rce-rows';
import { parseSweBenchTestList, sweBenchRowSchema } from './swe-bench-row';

describe('sweBenchRowSchema', () => {
  it('accepts every SWE-bench Verified, FEA-Bench and TDD-Bench row', () => {
    const rows = [...readRceRows('sbv'), ...readRceRows('fea'), ...readRceRows('tdd')];
    for (const { file, line, text } of rows) {
      expect(issuePathsOf(sweBenchRowSchema, JSON.parse(text)), `${file}:${line}`).toEqual([]);
    }
  });

  it('passes unknown keys through and lets optional fields be null', () => {
    const row = { instance_id: 'o__r-1', repo: 'o/r', hints_text: null, image_name: 'img', stars: 5 };
    expect(sweBenchRowSchema.parse(row)).toEqual(row);
  });

  it('rejects wrong types of known fields with their keys', () => {
    const paths = issuePathsOf(sweBenchRowSchema, { instance_id: 'o__r-1', repo: 'o/r', FAIL_TO_PASS: [1], pull_number: '12' });
    expect(paths.sort()).toEqual(['FAIL_TO_PASS', 'pull_number']);
  });
});

describe('parseSweBenchTestList', () => {
  it('decodes a JSON string and copies an array', () => {
    expect(parseSweBenchTestList('["a (m.C)", "b"]')).toEqual(['a (m.C)', 'b']);
    const list = ['x::y'];
    const parsed = parseSweBenchTestList(list);
    expect(parsed).toEqual(list);
    expect(parsed).not.toBe(list);
    expect(parseSweBenchTestList(null)).toEqual([]);
  });

  it('throws a ValidationError naming the field for a string that is not a list of strings', () => {
    for (const value of ['[1, 2]', 'not json', '{"a": 1}']) {
      let caught: unknown;
      try {
        parseSweBenchTestList(value, 'PASS_TO_PASS');
      } catch (error) {
        caught = error;
      }
      expect(ValidationError.isInstance(caught), value).toBe(true);
      expect((caught as ValidationError).issues[0]?.path).toBe('PASS_TO_PASS');
    }
  });
});

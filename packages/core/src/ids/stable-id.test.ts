import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { canonicalJson } from './canonical-json';
import { stableId } from './stable-id';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('refuses values JSON cannot hold, naming where', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\]/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(InvalidArgumentError);
    expect(() => canonicalJson({ value: 10n })).toThrow(/bigint/);
  });
});

describe('stableId', () => {
  it('is the SHA-256 of the canonical JSON, independent of key order', () => {
    const value = { repo: 'astropy/astropy', file: 'a.py', span: [10, 20] };
    const expected = createHash('sha256').update('{"file":"a.py","repo":"astropy/astropy","span":[10,20]}').digest('hex');
    expect(stableId(value)).toBe(expected.slice(0, 16));
    expect(stableId({ span: [10, 20], file: 'a.py', repo: 'astropy/astropy' })).toBe(stableId(value));
    expect(stableId(value, { prefix: 'fim', length: 12 })).toBe(`fim-${expected.slice(0, 12)}`);
    expect(stableId({ ...value, span: [10, 21] })).not.toBe(stableId(value));
  });

  it('rejects bad options', () => {
    expect(() => stableId(1, { length: 4 })).toThrow(/8 to 64/);
    expect(() => stableId(1, { prefix: 'Bad Prefix' })).toThrow(/prefix/);
  });
});

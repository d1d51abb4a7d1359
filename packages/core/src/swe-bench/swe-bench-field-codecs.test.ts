import { describe, expect, it } from 'vitest';
import { encodePythonJsonList, findSweBenchFieldCodec, isDeepEqual } from './swe-bench-field-codecs';

describe('encodePythonJsonList', () => {
  it("writes what Python's json.dumps writes, non-ASCII escaped", () => {
    // Expected string printed by: python3 -c 'import json; print(json.dumps([...]))'
    expect(encodePythonJsonList(['café', 'a"b\\', 'tab\there', '\u007f', '😀', '日本'])).toBe(
      '["caf\\u00e9", "a\\"b\\\\", "tab\\there", "\\u007f", "\\ud83d\\ude00", "\\u65e5\\u672c"]',
    );
    expect(encodePythonJsonList([])).toBe('[]');
  });
});

describe('sweBenchFieldCodecs', () => {
  it('maps new_components for features only', () => {
    expect(findSweBenchFieldCodec('new_components', 'feature')?.path).toEqual(['newComponents']);
    expect(findSweBenchFieldCodec('new_components', 'bugfix')).toBeUndefined();
  });

  it('decodes created_at in epoch milliseconds and writes it back', () => {
    const codec = findSweBenchFieldCodec('created_at', 'test-repro');
    const decoded = codec?.decode(1609782263000);
    expect(decoded).toEqual({ ok: true, value: '2021-01-04T17:44:23.000Z' });
    expect(codec?.encode('2021-01-04T17:44:23.000Z', { testList: 'array', createdAt: 'epoch-milliseconds' })).toBe(1609782263000);
    expect(codec?.decode('yesterday').ok).toBe(false);
  });
});

describe('isDeepEqual', () => {
  it('ignores key order and undefined keys but not values or array order', () => {
    expect(isDeepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(isDeepEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(isDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(isDeepEqual(null, {})).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPatch } from '../patch/read-patch';
import type { LocatedTest } from './locate-tests';
import { patchTouchesTest } from './patch-touches-test';

/** The gold test patch of TDD-Bench-Verified's sphinx-doc__sphinx-10449 (kept from ../shared/data/rce/tdd/sphinx.jsonl): it only deletes three lines of one test's expected text. */
const sphinx10449 = readFileSync(new URL('../__fixtures__/sphinx-doc__sphinx-10449.test_patch.diff', import.meta.url), 'utf8');

const at = (start: number, end: number, name = 'test_x'): LocatedTest => ({ file: 'tests/test_ext_autodoc_configs.py', names: [name], lines: { start, end } });

describe('patchTouchesTest', () => {
  it('places a deletion-only hunk in the test it sits in (sphinx-doc__sphinx-10449, a real TDD-Bench row)', () => {
    const [change] = readPatch(sphinx10449);
    // The three removed lines were old lines 1044-1046; in the new file they sit before line 1044.
    expect(change!.hunks[0]!.removed.map((line) => [line.line, line.before])).toEqual([[1044, 1044], [1045, 1044], [1046, 1044]]);
    expect(change!.hunks[0]!.added).toEqual([]);
    // test_autodoc_typehints_description_with_documented_init spans the hunk in the new file.
    expect(patchTouchesTest(change!, at(1020, 1055))).toBe(true);
    // Tests that end before the deletion or start after it are untouched.
    expect(patchTouchesTest(change!, at(1000, 1043))).toBe(false);
    expect(patchTouchesTest(change!, at(1044, 1070))).toBe(false);
  });

  it('counts a non-blank added line inside the test and ignores blank ones', () => {
    const patch = ['--- a/tests/test_a.py', '+++ b/tests/test_a.py', '@@ -1,3 +1,5 @@', ' def test_a():', '     assert f(1) == 1', '+', '+    assert f(2) == 2', ' ', ''].join('\n');
    const [change] = readPatch(patch);
    expect(patchTouchesTest(change!, at(1, 4))).toBe(true);
    expect(patchTouchesTest(change!, at(1, 3))).toBe(false);
  });
});

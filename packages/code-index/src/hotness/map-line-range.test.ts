import { describe, expect, it } from 'vitest';
import { hunksTouch, mapRangeToOldSide } from './map-line-range';
import { parseUnifiedDiff } from './parse-unified-diff';

describe('line mapping through hunks', () => {
  const hunks = [
    { oldStart: 2, oldCount: 0, newStart: 3, newCount: 2 }, // two lines added after old line 2
    { oldStart: 10, oldCount: 3, newStart: 12, newCount: 1 }, // three lines replaced by one
    { oldStart: 18, oldCount: 2, newStart: 17, newCount: 0 }, // old lines 18-19 deleted after new line 17
  ];

  it('shifts unchanged lines by the lines added and removed above them', () => {
    expect(mapRangeToOldSide(hunks, { start: 5, end: 8 })).toEqual({ start: 3, end: 6 });
    expect(mapRangeToOldSide(hunks, { start: 18, end: 19 })).toEqual({ start: 20, end: 21 });
  });

  it('moves ends inside changed lines to the old lines and drops ranges that did not exist', () => {
    expect(mapRangeToOldSide(hunks, { start: 12, end: 12 })).toEqual({ start: 10, end: 12 });
    expect(mapRangeToOldSide(hunks, { start: 3, end: 4 })).toBeUndefined();
  });

  it('tells which ranges a change touches', () => {
    expect(hunksTouch(hunks, { start: 1, end: 2 })).toBe(false);
    expect(hunksTouch(hunks, { start: 4, end: 9 })).toBe(true);
    expect(hunksTouch(hunks, { start: 16, end: 18 })).toBe(true);
    expect(hunksTouch(hunks, { start: 17, end: 17 })).toBe(false);
  });

  it('parses git diffs with renames, additions, deletions and quoted paths', () => {
    const patch = [
      'diff --git a/old.py b/new.py',
      'similarity index 90%',
      'rename from old.py',
      'rename to new.py',
      '--- a/old.py',
      '+++ b/new.py',
      '@@ -3 +3,2 @@ def f():',
      '-    return 1',
      '+    return 2',
      '+    # more',
      'diff --git a/gone.py b/gone.py',
      'deleted file mode 100644',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a = 1',
      '-b = 2',
      'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/caf\\303\\251.py"',
      '@@ -0,0 +1 @@',
      '+x = 1',
    ].join('\n');
    expect(parseUnifiedDiff(patch)).toEqual([
      { oldPath: 'old.py', newPath: 'new.py', hunks: [{ oldStart: 3, oldCount: 1, newStart: 3, newCount: 2 }] },
      { oldPath: 'gone.py', newPath: null, hunks: [{ oldStart: 1, oldCount: 2, newStart: 0, newCount: 0 }] },
      { oldPath: null, newPath: 'café.py', hunks: [{ oldStart: 0, oldCount: 0, newStart: 1, newCount: 1 }] },
    ]);
  });
});

import { InvalidArgumentError } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { changedSourceLines } from './changed-source-lines';
import { isTestPath } from './is-test-path';
import { readPatch } from './read-patch';

const patch = [
  'diff --git a/pkg/core.py b/pkg/core.py',
  'index 1111111..2222222 100644',
  '--- a/pkg/core.py',
  '+++ b/pkg/core.py',
  '@@ -1,5 +1,7 @@ import os',
  ' def f(x):',
  '-    return x + 1',
  '+    # the fix',
  '+    return x + 2',
  '+',
  ' ',
  ' def g(y):',
  '     return y',
  '@@ -20,3 +21,3 @@ def h():',
  '     a = 1',
  '-    b = 2',
  '+    b = 3',
  '     c = 4',
  'diff --git a/pkg/old.py b/pkg/new.py',
  'similarity index 90%',
  'rename from pkg/old.py',
  'rename to pkg/new.py',
  '--- a/pkg/old.py',
  '+++ b/pkg/new.py',
  '@@ -3 +3 @@',
  '-x = 1',
  '+x = 2',
  'diff --git a/docs/index.rst b/docs/index.rst',
  '--- a/docs/index.rst',
  '+++ b/docs/index.rst',
  '@@ -1 +1 @@',
  '-Old',
  '+New',
  '',
].join('\n');

describe('readPatch', () => {
  it('gives every file with its hunks, the headers as written and the numbers of added and removed lines', () => {
    const files = readPatch(patch);
    expect(files.map((file) => [file.path, file.oldPath])).toEqual([
      ['pkg/core.py', 'pkg/core.py'],
      ['pkg/new.py', 'pkg/old.py'],
      ['docs/index.rst', 'docs/index.rst'],
    ]);
    const [first, second] = files[0]!.hunks;
    expect(first!.header).toBe('@@ -1,5 +1,7 @@ import os');
    expect(first!.removed).toEqual([{ line: 2, text: '    return x + 1', before: 2 }]);
    expect(first!.added.map((line) => line.line)).toEqual([2, 3, 4]);
    expect(second).toMatchObject({ index: 2, header: '@@ -20,3 +21,3 @@ def h():', removed: [{ line: 21 }], added: [{ line: 22 }] });
  });

  it('refuses text that is not a diff, naming the argument', () => {
    let caught: unknown;
    try {
      readPatch('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n', 'testPatch');
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^testPatch: not a unified diff/);
  });
});

describe('changedSourceLines', () => {
  it('keeps Python and JavaScript lines that are code: removed lines at the old path, added at the new, blank and comment lines out', () => {
    expect(changedSourceLines(readPatch(patch))).toEqual([
      { path: 'pkg/core.py', oldPath: 'pkg/core.py', language: 'python', removed: [2, 21], added: [3, 22] },
      { path: 'pkg/new.py', oldPath: 'pkg/old.py', language: 'python', removed: [3], added: [3] },
    ]);
  });
});

describe('isTestPath', () => {
  it.each([
    ['tests/utils_tests/test_autoreload.py', true],
    ['astropy/io/fits/tests/data/table.fits', true],
    ['lib/matplotlib/tests/baseline_images/test_axes/x.png', true],
    ['testing/functional/u/unused_import.py', true],
    ['pkg/test_thing.py', true],
    ['pkg/conftest.py', true],
    ['src/math.test.ts', true],
    ['src/__tests__/math.js', true],
    ['django/test/utils.py', true],
    ['django/db/models/query.py', false],
    ['src/testing_helpers_are_code.py', false],
    ['pkg/contest.py', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestPath(path)).toBe(expected);
  });
});

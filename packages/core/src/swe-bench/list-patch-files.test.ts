import { describe, expect, it } from 'vitest';
import { listPatchFiles } from './list-patch-files';

describe('listPatchFiles', () => {
  it('lists changed, added and deleted files of a git diff once each, in order', () => {
    const patch = [
      'diff --git a/tests/test_a.py b/tests/test_a.py',
      '--- a/tests/test_a.py',
      '+++ b/tests/test_a.py',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git a/tests/test_new.py b/tests/test_new.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/tests/test_new.py',
      'diff --git a/tests/test_old.py b/tests/test_old.py',
      'deleted file mode 100644',
      '--- a/tests/test_old.py',
      '+++ /dev/null',
    ].join('\n');
    expect(listPatchFiles(patch)).toEqual(['tests/test_a.py', 'tests/test_new.py', 'tests/test_old.py']);
  });

  it('reads plain unified diffs without git headers, deleted files by their old path', () => {
    const patch = ['--- a/src/x.py', '+++ b/src/x.py', '@@ -1 +1 @@', '--- a/src/gone.py', '+++ /dev/null'].join('\n');
    expect(listPatchFiles(patch)).toEqual(['src/x.py', 'src/gone.py']);
  });

  it('gives nothing for an empty patch', () => {
    expect(listPatchFiles('')).toEqual([]);
  });
});

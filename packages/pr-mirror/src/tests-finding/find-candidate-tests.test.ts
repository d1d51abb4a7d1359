import { describe, expect, it } from 'vitest';
import { findCandidateTests } from './find-candidate-tests';

const snapshotFiles = ['src/click/core.py', 'src/click/utils.py', 'tests/conftest.py', 'tests/test_basic.py', 'tests/test_core.py', 'tests/test_utils.py', 'tests/test_zzz.py', 'docs/core.rst'];

describe('findCandidateTests', () => {
  it('orders PR test files, then importers from the index, then name matches; dedupes, caps, keeps reasons', () => {
    const index = { testsFor: (path: string) => (path === 'src/click/core.py' ? [{ path: 'tests/test_zzz.py' }, { path: 'tests/test_basic.py' }] : []) };
    const found = findCandidateTests({ changedFiles: ['src/click/core.py'], prTestFiles: ['tests/test_basic.py', 'tests/conftest.py', 'tests/test_gone.py'], snapshotFiles, index });
    expect(found).toEqual([
      { path: 'tests/test_basic.py', reason: 'pr-test-file' },
      { path: 'tests/test_zzz.py', reason: 'imports-changed-module' },
      { path: 'tests/test_core.py', reason: 'name-match' },
    ]);
    expect(findCandidateTests({ changedFiles: ['src/click/core.py'], prTestFiles: ['tests/test_basic.py'], snapshotFiles, index, maxFiles: 2 }).map((test) => test.path)).toEqual(['tests/test_basic.py', 'tests/test_zzz.py']);
    expect(findCandidateTests({ changedFiles: ['src/click/termui.py'], snapshotFiles })).toEqual([]);
  });
});

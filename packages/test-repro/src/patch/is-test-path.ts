/** Folder names that hold tests and their data (fixtures, baseline images, test roots). */
const TEST_FOLDERS = new Set(['test', 'tests', 'testing', '__tests__', 'spec', 'specs', 'test_data', 'testdata', 'fixtures', '__fixtures__', '__snapshots__']);

/**
 * Whether a path is part of a test suite rather than the code under test: a file in a test
 * folder (`tests/`, `test/`, `testing/`, `__tests__/`, `spec/`, fixtures and snapshots, at
 * any depth, e.g. `astropy/io/fits/tests/data/x.fits`), a Python test module (`test_*.py`,
 * `*_test.py`, `tests.py`, `conftest.py`) or a JavaScript/TypeScript test file
 * (`*.test.ts`, `*.spec.js`, ...). The same conventions pytest, Django, Jest, Vitest, Mocha
 * and `node --test` use to find tests.
 */
export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (parts.slice(0, -1).some((part) => TEST_FOLDERS.has(part.toLowerCase()))) return true;
  if (/^(test_.*|.*_test|tests?|conftest)\.py$/.test(name)) return true;
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(name) || /^test\.[cm]?[jt]s$/.test(name)) return true;
  return false;
}

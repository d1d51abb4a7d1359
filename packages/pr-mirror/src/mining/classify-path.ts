import { posix } from 'node:path';

/** File extensions of source code a mirrored bug may change, by default. */
export const DEFAULT_SOURCE_EXTENSIONS: readonly string[] = ['.py', '.pyx', '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.go', '.rs', '.java', '.rb'];

/**
 * Whether a path is a test file or test support: under a `test`, `tests`, `testing` or
 * `__tests__` folder, or named `test_*`, `*_test.*`, `*.test.*`, `*.spec.*` or `conftest.py`.
 * A bug never touches these.
 */
export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (parts.slice(0, -1).some((part) => /^(tests?|testing|__tests__)$/i.test(part))) return true;
  return /^test_|_test\.[a-z]+$|\.(test|spec)\.[a-z]+$|^conftest\.py$/i.test(name);
}

/** Whether a path is source code (by extension) and not a test file: what a mirrored bug may change. */
export function isSourcePath(path: string, extensions: readonly string[] = DEFAULT_SOURCE_EXTENSIONS): boolean {
  return extensions.includes(posix.extname(path).toLowerCase()) && !isTestPath(path);
}

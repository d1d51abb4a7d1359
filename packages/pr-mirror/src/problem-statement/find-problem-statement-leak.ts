import { removedLinesOf } from '../diff/patch-files';

/** What a problem statement must not reveal: the fix's added lines and the FAIL_TO_PASS test names. */
export interface ProblemStatementSecrets {
  /** The bug patch (clean → buggy): the lines it removes are the lines the fix adds. */
  readonly bugPatch: string;
  /** FAIL_TO_PASS test ids, e.g. `tests/test_core.py::test_divide_by_zero`. */
  readonly failToPass: readonly string[];
  /** Shortest fix line (trimmed, in characters) that counts; shorter ones (`}`, `return x`) are too common to be a leak. Default: 8. */
  readonly minLineLength?: number;
}

/** A leak found in a problem statement. */
export interface ProblemStatementLeak {
  readonly kind: 'fix-line' | 'test-name';
  /** The line or test name the statement contains. */
  readonly text: string;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The test's own name from an id: `tests/a.py::TestX::test_y[1]` → `test_y`; `test_y (mod.Class)` → `test_y`. */
export function testNameOf(testId: string): string {
  const withoutParameters = testId.replace(/\[.*\]$/s, '');
  const last = withoutParameters.split('::').at(-1) ?? withoutParameters;
  return last.replace(/\s*\(.*\)$/, '').split('.').at(-1)!.trim();
}

/**
 * The first thing a problem statement gives away, or `undefined`: a line the fix adds (a
 * line the bug patch removes, whitespace-insensitive, at least `minLineLength` characters)
 * or a FAIL_TO_PASS test's name or id (case-insensitive).
 *
 * @example
 * ```ts
 * findProblemStatementLeak('Calling divide(1, 0) ... test_divide_by_zero fails', { bugPatch, failToPass });
 * // { kind: 'test-name', text: 'test_divide_by_zero' }
 * ```
 */
export function findProblemStatementLeak(statement: string, secrets: ProblemStatementSecrets): ProblemStatementLeak | undefined {
  const text = squash(statement);
  const lower = text.toLowerCase();
  const minimum = secrets.minLineLength ?? 8;
  for (const line of removedLinesOf(secrets.bugPatch)) {
    const needle = squash(line);
    if (needle.length >= minimum && /[A-Za-z0-9]/.test(needle) && text.includes(needle)) return { kind: 'fix-line', text: needle };
  }
  for (const id of secrets.failToPass) {
    for (const name of [id, testNameOf(id)]) {
      if (name.length > 0 && lower.includes(name.toLowerCase())) return { kind: 'test-name', text: name };
    }
  }
  return undefined;
}

import { fromSweBenchRow, type FromSweBenchRowOptions, type SweBenchRowInput, type TestReproTask } from '@swespot/core';

/**
 * A reproduction task from a TDD-Bench (or any SWE-bench-style) row, through core's codec:
 * `fromSweBenchRow(row, { kind: 'test-repro' })`, so `test_patch` is the golden test patch,
 * `patch` the fix, and the grading rule TDD-Bench's (weighed by coverage except for sympy).
 * Pass the `environment` and `testSpec` of an environment built for the row's
 * `base_commit` (`taskEnvironmentOf(build)`); the default names the SWE-bench harness image.
 *
 * @throws {ValidationError} naming the row key that is missing or malformed.
 */
export function reproTaskFromRow(row: SweBenchRowInput | Readonly<Record<string, unknown>>, options: Omit<FromSweBenchRowOptions<'test-repro'>, 'kind'> = {}): TestReproTask {
  return fromSweBenchRow(row, { ...options, kind: 'test-repro' });
}

import type { TestReport } from '@swespot/core';

/** The four classes of a test between the clean and the buggy run (SWE-bench/SWE-smith names). */
export interface TestOutcomes {
  /** Pass on clean code, fail (or go missing) with the bug. */
  readonly failToPass: string[];
  /** Pass on both. */
  readonly passToPass: string[];
  /** Fail on both. */
  readonly failToFail: string[];
  /** Fail on clean code, pass with the bug. */
  readonly passToFail: string[];
}

function statuses(report: TestReport): Map<string, 'passed' | 'failed' | 'other'> {
  return new Map(report.tests.map((test) => [test.testId, test.status === 'passed' ? 'passed' : test.status === 'failed' || test.status === 'error' ? 'failed' : 'other']));
}

/**
 * Classifies every test of the clean run against the buggy run. A test missing from the
 * buggy run counts as failed there (the bug broke its collection or import); skipped and
 * xfail tests belong to no class; tests only the buggy run has are ignored.
 *
 * @example
 * ```ts
 * const { failToPass } = classifyTestOutcomes(cleanReport, buggyReport);
 * ```
 */
export function classifyTestOutcomes(clean: TestReport, buggy: TestReport): TestOutcomes {
  const after = statuses(buggy);
  const outcomes: TestOutcomes = { failToPass: [], passToPass: [], failToFail: [], passToFail: [] };
  for (const [id, before] of statuses(clean)) {
    if (before === 'other') continue;
    const status = after.get(id) ?? 'failed';
    if (status === 'other') continue;
    if (before === 'passed') (status === 'passed' ? outcomes.passToPass : outcomes.failToPass).push(id);
    else (status === 'passed' ? outcomes.passToFail : outcomes.failToFail).push(id);
  }
  return outcomes;
}

import { describe, expect, it } from 'vitest';
import { readRecordedRun } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseJestOutput (recorded Jest 29.7 --verbose run, see __fixtures__/README.md)', () => {
  it('reads ✓ ✕ ○ ✎ lines and a suite that failed to run, and ignores printed lines', async () => {
    const run = await readRecordedRun('jest');
    const report = buildTestReport({ framework: 'jest', command: 'npx jest --verbose', result: { ...run, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toEqual({
      'jest/sample.test.js › math › adds': 'passed',
      'jest/sample.test.js › math › fails': 'failed',
      'jest/sample.test.js › math › skipped': 'skipped',
      'jest/sample.test.js › math › later': 'skipped',
      'jest/sample.test.js › broken setup › never runs': 'failed',
      'jest/broken.test.js': 'error',
    });
    // The test wrote "✓ ghost passes" and "Tests: 4 passed, 4 total" to stderr before Jest's own report.
    expect(Object.keys(statuses).some((id) => id.includes('ghost'))).toBe(false);
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 2, errors: 1, skipped: 2, total: 5 });
    expect(report.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
    expect(assessTestReport(report).trusted).toBe(true);
  });
});

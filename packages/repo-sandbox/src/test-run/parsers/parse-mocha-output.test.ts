import { describe, expect, it } from 'vitest';
import { readRecordedRun } from '../__fixtures__/run-fixture-project';
import { buildTestReport } from '../build-test-report';

describe('parseMochaOutput (recorded Mocha 11.7 spec run, see __fixtures__/README.md)', () => {
  it('reads passing, failing, pending and hook failures, and a printed ✔ does not pass a failing test', async () => {
    const run = await readRecordedRun('mocha');
    const report = buildTestReport({ framework: 'mocha', command: 'npx mocha', result: { ...run, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(Object.fromEntries(report.tests.map((test) => [test.testId, test.status]))).toEqual({
      'math adds': 'passed',
      'math fails': 'failed',
      'math skipped': 'skipped',
      'broken setup "before all" hook for "never runs"': 'error',
    });
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 2, skipped: 1 });
    expect(report.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
  });
});

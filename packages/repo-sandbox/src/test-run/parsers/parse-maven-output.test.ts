import { describe, expect, it } from 'vitest';
import { readRecordedRun } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseMavenOutput (recorded Maven 3.8 + Surefire 3.2.5 + JUnit 5 run, see __fixtures__/README.md)', () => {
  it('reads passed, failed, errored and skipped tests, and ignores a summary line the test printed', async () => {
    const run = await readRecordedRun('maven');
    const report = buildTestReport({ framework: 'maven', command: 'mvn -B test -Dsurefire.reportFormat=plain -Dsurefire.useFile=false', result: { ...run, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(Object.fromEntries(report.tests.map((test) => [test.testId, test.status]))).toEqual({
      'com.example.SampleTest.errors': 'error',
      'com.example.SampleTest.passes': 'passed',
      'com.example.SampleTest.fails': 'failed',
      'com.example.SampleTest': 'skipped',
    });
    // SampleTest.fails printed "[INFO] Tests run: 4, Failures: 0, ..." and "BUILD SUCCESS".
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 1, errors: 1, skipped: 1, total: 4 });
    expect(assessTestReport(report).trusted).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { readRecordedRun, runFixtureProject } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseUnittestOutput', () => {
  it('reads a real `python -m unittest -v` run and does not believe a printed "ok"', async () => {
    const run = await runFixtureProject('unittest', 'python3 -m unittest -v test_units');
    const report = buildTestReport({ framework: 'unittest', command: run.command, result: run, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toMatchObject({
      'test_pass (test_units.Sample)': 'passed',
      'test_fail (test_units.Sample)': 'failed',
      'test_error (test_units.Sample)': 'error',
      'test_skip (test_units.Sample)': 'skipped',
      'test_xfail (test_units.Sample)': 'xfail',
    });
    // test_fail wrote "ok" and a made-up "test_ghost ... ok" line: the count no longer matches "Ran 5 tests".
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 1, errors: 1, skipped: 1, xfailed: 1, total: 5 });
    expect(report.evidence.countsAgree).toBe(false);
    expect(assessTestReport(report).trusted).toBe(false);
  });

  it("reads Django's runner at verbosity 2 (recorded run, see __fixtures__/README.md)", async () => {
    const run = await readRecordedRun('django');
    const report = buildTestReport({ framework: 'django', command: './tests/runtests.py --verbosity 2', result: { ...run, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toMatchObject({
      'test_pass (sample_app.tests.SampleTests)': 'passed',
      'test_fail (sample_app.tests.SampleTests)': 'failed',
      'test_error (sample_app.tests.SampleTests)': 'error',
      'test_skip (sample_app.tests.SampleTests)': 'skipped',
      'test_xfail (sample_app.tests.SampleTests)': 'xfail',
    });
    expect(report.evidence.exitCodeAgrees).toBe(true);
    expect(report.evidence.countsAgree).toBe(false);
    // The same run without the forged line is trusted.
    const clean = { ...run, stderr: run.stderr.replace('ok\ntest_ghost (sample_app.tests.SampleTests) ... ok\n', '') };
    const cleanReport = buildTestReport({ framework: 'django', command: 'runtests', result: { ...clean, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(cleanReport.tests.find((test) => test.testId.startsWith('test_fail'))?.status).toBe('failed');
    expect(assessTestReport(cleanReport)).toEqual({ trusted: true, reasons: [] });
  });
});

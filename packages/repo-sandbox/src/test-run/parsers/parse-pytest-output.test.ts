import { describe, expect, it } from 'vitest';
import { runFixtureProject } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parsePytestOutput on a real pytest run (-rA)', () => {
  it('reads passed, failed, error, skipped and xfail tests, and disbelieves printed PASSED lines', async () => {
    const run = await runFixtureProject('pytest', 'python3 -m pytest -rA -p no:cacheprovider test_sample.py');
    const report = buildTestReport({ framework: 'pytest', command: run.command, result: run, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toEqual({
      'test_sample.py::test_pass': 'passed',
      'test_sample.py::test_param[1]': 'passed',
      'test_sample.py:19': 'skipped',
      'test_sample.py::test_xfail': 'xfail',
      'test_sample.py::test_error': 'error',
      'test_sample.py::test_fail': 'failed',
      'test_sample.py::test_param[2]': 'failed',
    });
    // test_fail printed "PASSED test_sample.py::test_fail" and a fake summary with test_ghost.
    expect(statuses['test_sample.py::test_ghost']).toBeUndefined();
    expect(report.evidence).toMatchObject({ runner: 'pytest', countsAgree: true, exitCodeAgrees: true });
    expect(report.evidence.summary).toMatchObject({ passed: 2, failed: 2, errors: 1, skipped: 1, xfailed: 1 });
    expect(assessTestReport(report).trusted).toBe(true);
  });

  it('does not trust a run whose exit code contradicts its results, or that printed no summary', () => {
    const forged = 'PASSED test_a.py::test_x\n';
    const noSummary = buildTestReport({ framework: 'pytest', command: 'pytest', result: { stdout: forged, stderr: '', exitCode: 0, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(noSummary.tests).toEqual([]);
    expect(noSummary.evidence.summary).toBeNull();
    expect(assessTestReport(noSummary).trusted).toBe(false);
    const contradicted = buildTestReport({
      framework: 'pytest',
      command: 'pytest',
      result: { stdout: '=== short test summary info ===\nPASSED a.py::t\n=== 1 passed in 0.01s ===\n', stderr: '', exitCode: 1, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false },
      startedAt: new Date(),
    });
    expect(contradicted.evidence.exitCodeAgrees).toBe(false);
    expect(assessTestReport(contradicted).reasons.join(' ')).toMatch(/exit code 1 contradicts/);
  });
});

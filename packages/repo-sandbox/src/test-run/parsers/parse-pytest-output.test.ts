import { describe, expect, it } from 'vitest';
import { readRecordedRun, runFixtureProject } from '../__fixtures__/run-fixture-project';
import { parsePytestOutput } from './parse-pytest-output';
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
      'test_sample.py::test_spaced[a b]': 'passed',
      'test_sample.py::test_spaced[Error: bad value - see docs]': 'failed',
      'test_sample.py::test_spaced[S:[no value]]': 'failed',
      'test_sample.py::test_spaced[x] - y]': 'failed',
      'test_sample.py::test_xpass[p q]': 'passed',
    });
    // test_fail printed "PASSED test_sample.py::test_fail" and a fake summary with test_ghost.
    expect(statuses['test_sample.py::test_ghost']).toBeUndefined();
    expect(report.evidence).toMatchObject({ runner: 'pytest', countsAgree: true, exitCodeAgrees: true });
    expect(report.evidence.summary).toMatchObject({ passed: 4, failed: 5, errors: 1, skipped: 1, xfailed: 1 });
    expect(assessTestReport(report).trusted).toBe(true);
  });

  it('keeps whole ids without the FAILURES section (--tb=no): a failure id ends at the first " - " after which it looks whole', async () => {
    const run = await runFixtureProject('pytest', 'python3 -m pytest -rA --tb=no -p no:cacheprovider test_sample.py');
    const report = buildTestReport({ framework: 'pytest', command: run.command, result: run, startedAt: new Date() });
    const failed = report.tests.filter((test) => test.status === 'failed').map((test) => test.testId);
    expect(failed).toEqual(expect.arrayContaining(['test_sample.py::test_spaced[Error: bad value - see docs]', 'test_sample.py::test_spaced[S:[no value]]']));
    expect(report.evidence.countsAgree).toBe(true);
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

describe('parsePytestOutput on a recorded real suite (pallets/click, see __fixtures__/README.md)', () => {
  it("finds every test of the runner's summary, ids with spaces, colons and brackets included", async () => {
    const run = await readRecordedRun('pytest-click');
    const parsed = parsePytestOutput(run);
    const count = (status: string) => parsed.tests.filter((test) => test.status === status).length;
    // The runner's own line: 576 passed, 21 skipped, 1 xfailed (598 collected).
    expect(parsed.summary).toEqual({ passed: 576, failed: 0, errors: 0, skipped: 21, xfailed: 1 });
    expect({ passed: count('passed'), skipped: count('skipped'), xfail: count('xfail'), total: parsed.tests.length }).toEqual({ passed: 576, skipped: 21, xfail: 1, total: 598 });
    const ids = new Set(parsed.tests.map((test) => test.testId));
    expect(ids).toContain('tests/test_info_dict.py::test_parameter[FloatRange ParamType]');
    expect(ids).toContain("tests/test_basic.py::test_int_option[args2-Error: Invalid value for '--i': 'x' is not a valid integer.]");
    expect(ids).toContain('tests/test_basic.py::test_string_option[args0-S:[no value]]');
    expect(ids).toContain('tests/test_chain.py::test_pipeline[args1-foo \\n bar-expect1]');
    const report = buildTestReport({ framework: 'pytest', command: 'python3 -m pytest -rA tests', result: { ...run, durationMs: 5260, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(assessTestReport(report)).toEqual({ trusted: true, reasons: [] });
  });
});

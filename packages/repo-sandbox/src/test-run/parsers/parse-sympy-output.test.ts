import { describe, expect, it } from 'vitest';
import { readRecordedRun } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseSympyOutput (recorded run of SymPy 1.11 runtests, see __fixtures__/README.md)', () => {
  it('reads ok, F, E, s and f codes, and a printed "ok" does not save a failing test', async () => {
    const run = await readRecordedRun('sympy');
    const report = buildTestReport({ framework: 'sympy', command: 'bin/test -C --verbose', result: { ...run, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toMatchObject({ test_pass: 'passed', test_fail: 'failed', test_error: 'error', test_skip: 'skipped', test_xfail: 'xfail' });
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 1, errors: 1, skipped: 1, xfailed: 1 });
    // The printed "test_ghost ok" is a test the runner never counted.
    expect(report.evidence.countsAgree).toBe(false);
    expect(assessTestReport(report).trusted).toBe(false);
    expect(report.evidence.exitCodeAgrees).toBe(true);
  });
});

describe('parseSympyOutput (real run of SymPy at 2020-12-30, its bin/test in its environment image)', () => {
  it("reads the summary centred between '=' as that version prints it", async () => {
    const { readFile } = await import('node:fs/promises');
    const stdout = await readFile(new URL('../__fixtures__/recorded/sympy-2020/stdout.txt', import.meta.url), 'utf8');
    const report = buildTestReport({ framework: 'sympy', command: 'python3 bin/test -C --verbose sympy/core/tests/test_singleton.py', result: { stdout, stderr: '', exitCode: 0, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(report.tests.map((test) => [test.testId, test.status])).toEqual([
      ['test_Singleton', 'passed'],
      ['test_singleton_redefinition', 'passed'],
      ['test_names_in_namespace', 'passed'],
    ]);
    expect(report.evidence).toMatchObject({ summary: { passed: 3, failed: 0 }, countsAgree: true });
  });
});

import { describe, expect, it } from 'vitest';
import { runFixtureProject } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseNodeTestOutput on a real `node --test` TAP run', () => {
  it('reads nested tests, failures, errors, skips and todos; printed TAP lines stay comments', async () => {
    const run = await runFixtureProject('node-test', `${process.execPath} --test --test-reporter=tap`);
    const report = buildTestReport({ framework: 'node-test', command: run.command, result: run, startedAt: new Date() });
    expect(Object.fromEntries(report.tests.map((test) => [test.testId, test.status]))).toEqual({
      'math > adds': 'passed',
      'math > fails': 'failed',
      throws: 'failed',
      skipped: 'skipped',
      todo: 'skipped',
    });
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 2, skipped: 2, total: 5 });
    expect(assessTestReport(report).trusted).toBe(true);
  });

  it('reads a failing hook as an error', () => {
    const tap = ["TAP version 13", '# Subtest: suite', '    # Subtest: t', '    not ok 1 - t', '      ---', "      failureType: 'hookFailed'", '      ...', '    1..1', 'not ok 1 - suite', '  ---', "  type: 'suite'", '  ...', '# tests 1', '# pass 0', '# fail 1', '# cancelled 0', '# skipped 0', '# todo 0'].join('\n');
    const report = buildTestReport({ framework: 'node-test', command: 'node --test', result: { stdout: tap, stderr: '', exitCode: 1, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(report.tests).toEqual([{ testId: 'suite > t', status: 'error' }]);
  });
});

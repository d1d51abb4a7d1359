import { describe, expect, it } from 'vitest';
import { exampleTestReport } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { testReportSchema } from './test-report';

describe('testReportSchema', () => {
  it('accepts a pytest report with its evidence', () => {
    expect(testReportSchema.parse(exampleTestReport())).toStrictEqual(exampleTestReport());
  });

  it('accepts a killed run: no exit code, no summary', () => {
    const report = {
      ...exampleTestReport(),
      exitCode: null,
      tests: [],
      timedOut: true,
      evidence: { runner: 'pytest', summary: null, countsAgree: null, exitCodeAgrees: false },
    };
    expect(issuePathsOf(testReportSchema, report)).toEqual([]);
  });

  it('rejects an unknown test status and a negative duration with their paths', () => {
    const report = exampleTestReport();
    const [first, second] = report.tests;
    const paths = issuePathsOf(testReportSchema, {
      ...report,
      tests: [{ ...first, status: 'xpass' }, { ...second, durationMs: -1 }],
    });
    expect(paths.sort()).toEqual(['tests.0.status', 'tests.1.durationMs']);
  });

  it('rejects a test id reported twice', () => {
    const report = exampleTestReport();
    const first = report.tests[0];
    expect(issuePathsOf(testReportSchema, { ...report, tests: [first, first] })).toEqual(['tests.1.testId']);
  });

  it('rejects evidence from a runner it does not know', () => {
    const report = exampleTestReport();
    expect(issuePathsOf(testReportSchema, { ...report, evidence: { ...report.evidence, runner: 'nose' } })).toEqual([
      'evidence.runner',
    ]);
  });
});

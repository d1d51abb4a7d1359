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

  it('reads a version 1 report (no outputTail) and a version 2 report with its outputTail', () => {
    const version1 = exampleTestReport();
    expect(testReportSchema.parse(version1).schemaVersion).toBe(1);
    const version2 = { ...version1, schemaVersion: 2, outputTail: { stdout: '1 passed', stderr: '' } };
    expect(testReportSchema.parse(version2)).toStrictEqual(version2);
  });

  it('asks a version 2 report for its outputTail, and a report with one for version 2', () => {
    expect(issuePathsOf(testReportSchema, { ...exampleTestReport(), schemaVersion: 2 })).toEqual(['outputTail']);
    expect(issuePathsOf(testReportSchema, { ...exampleTestReport(), outputTail: { stdout: '', stderr: '' } })).toEqual(['schemaVersion']);
    expect(issuePathsOf(testReportSchema, { ...exampleTestReport(), schemaVersion: 3 })).toEqual(['schemaVersion']);
  });

  it('rejects evidence from a runner it does not know', () => {
    const report = exampleTestReport();
    expect(issuePathsOf(testReportSchema, { ...report, evidence: { ...report.evidence, runner: 'nose' } })).toEqual([
      'evidence.runner',
    ]);
  });
});

import type { RunnerSummary, SandboxExecResultV1, TestFramework, TestReport, TestResult } from '@swespot/core';
import { stableId, testReportSchema } from '@swespot/core';
import type { ParsedTestOutput } from './test-output';
import { testOutputParserFor } from './test-output-parsers';

/** Options of {@link buildTestReport}. */
export interface BuildTestReportOptions {
  readonly framework: TestFramework;
  /** The command as run. */
  readonly command: string;
  /** The command's result. */
  readonly result: Pick<SandboxExecResultV1, 'stdout' | 'stderr' | 'exitCode' | 'durationMs' | 'timedOut' | 'stdoutTruncated' | 'stderrTruncated'>;
  /** When the command started. */
  readonly startedAt: Date;
  /** The task the run belongs to. */
  readonly taskId?: string;
  /**
   * Results read elsewhere (e.g. a JUnit XML report, {@link readJunitXml}), used instead of
   * parsing the output; their `summary` should still come from the output, as independent
   * evidence. Default: the framework's output parser.
   */
  readonly parsed?: ParsedTestOutput;
}

function countsAgree(tests: readonly TestResult[], summary: RunnerSummary): boolean {
  const count = (status: TestResult['status']) => tests.filter((test) => test.status === status).length;
  // Runners differ in whether they tell failures from errors (mocha's `failing` counts both),
  // so those two are compared as one.
  return (
    count('passed') === summary.passed &&
    count('skipped') === summary.skipped &&
    count('xfail') === summary.xfailed &&
    count('failed') + count('error') === summary.failed + summary.errors
  );
}

/**
 * Parses a test command's output with its runner's parser and builds a core `TestReport`
 * with evidence: the runner's own summary, whether its counts equal the parsed tests, and
 * whether the exit code agrees (zero exactly when nothing failed or errored). The report is
 * validated with `testReportSchema`.
 */
export function buildTestReport(options: BuildTestReportOptions): TestReport {
  const parsed = options.parsed ?? testOutputParserFor(options.framework)(options.result);
  const failing = parsed.tests.some((test) => test.status === 'failed' || test.status === 'error');
  const exitCode = options.result.exitCode;
  const startedAt = options.startedAt.toISOString();
  return testReportSchema.parse({
    schemaVersion: 1,
    id: stableId({ command: options.command, startedAt, taskId: options.taskId ?? null }, { prefix: 'test-report' }),
    ...(options.taskId === undefined ? {} : { taskId: options.taskId }),
    command: options.command,
    exitCode,
    tests: parsed.tests,
    evidence: {
      runner: options.framework,
      summary: parsed.summary,
      countsAgree: parsed.summary === null ? null : countsAgree(parsed.tests, parsed.summary),
      exitCodeAgrees: exitCode !== null && (exitCode === 0) === !failing,
    },
    durationMs: Math.max(0, Math.round(options.result.durationMs)),
    timedOut: options.result.timedOut,
    stdoutTruncated: options.result.stdoutTruncated,
    stderrTruncated: options.result.stderrTruncated,
    startedAt,
  });
}

/** The verdict of {@link assessTestReport}. */
export interface TestReportAssessment {
  /** Whether the parsed results can be trusted. */
  readonly trusted: boolean;
  /** Why not, one short sentence each; empty when trusted. */
  readonly reasons: readonly string[];
}

/**
 * Whether a report's results can be believed: the command finished (no timeout, nothing
 * truncated), tests were found, the exit code agrees with them, and the runner's summary
 * exists and matches (runners that print no counts, like `go test`, are judged on the rest).
 * Graders should treat an untrusted report as an infrastructure failure, not as a pass.
 */
export function assessTestReport(report: TestReport): TestReportAssessment {
  const reasons: string[] = [];
  if (report.timedOut) reasons.push('The command timed out.');
  if (report.stdoutTruncated || report.stderrTruncated) reasons.push('The output was truncated before parsing.');
  if (report.tests.length === 0) reasons.push('No test results were found in the output.');
  if (!report.evidence.exitCodeAgrees) reasons.push(`The exit code ${report.exitCode} contradicts the parsed results.`);
  const printsNoSummary = report.evidence.runner === 'go-test';
  if (report.evidence.summary === null && !printsNoSummary) reasons.push("The runner's summary line is missing.");
  if (report.evidence.countsAgree === false) reasons.push("The runner's summary counts differ from the parsed tests.");
  return { trusted: reasons.length === 0, reasons };
}

import type { RunnerSummary, SandboxExecResultV1, TestFramework, TestOutputTail, TestReport, TestResult } from '@swespot/core';
import { stableId, TEST_REPORT_OUTPUT_TAIL_BYTES, testReportSchema } from '@swespot/core';
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
 * The last at most `maxBytes` UTF-8 bytes of `text`, starting at a line when a line start lies
 * in the first quarter of the kept bytes (and never inside a character).
 */
export function tailOfText(text: string, maxBytes: number = TEST_REPORT_OUTPUT_TAIL_BYTES): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // Continuation bytes are 10xxxxxx: step forward to the start of a character.
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start += 1;
  const newline = bytes.indexOf(0x0a, start);
  if (newline >= 0 && newline < start + maxBytes / 4) start = newline + 1;
  return bytes.subarray(start).toString('utf8');
}

/** The end of a command's stdout and stderr, as a report keeps it. */
function outputTailOf(result: { readonly stdout: string; readonly stderr: string }): TestOutputTail {
  return { stdout: tailOfText(result.stdout), stderr: tailOfText(result.stderr) };
}

/**
 * Parses a test command's output with its runner's parser and builds a core `TestReport`
 * with evidence: the runner's own summary, whether its counts equal the parsed tests, and
 * whether the exit code agrees (zero exactly when nothing failed or errored), and the last
 * 4 KiB of stdout and stderr (`outputTail`). The report is validated with `testReportSchema`.
 */
export function buildTestReport(options: BuildTestReportOptions): TestReport {
  const parsed = options.parsed ?? testOutputParserFor(options.framework)(options.result);
  const failing = parsed.tests.some((test) => test.status === 'failed' || test.status === 'error');
  const exitCode = options.result.exitCode;
  const startedAt = options.startedAt.toISOString();
  return testReportSchema.parse({
    schemaVersion: 2,
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
    outputTail: outputTailOf(options.result),
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
  if (report.tests.length === 0) {
    const missing = diagnoseMissingRunner(report);
    reasons.push(missing === undefined ? 'No test results were found in the output.' : `No test results were found in the output: ${missing}`);
  }
  if (!report.evidence.exitCodeAgrees) reasons.push(`The exit code ${report.exitCode} contradicts the parsed results.`);
  const printsNoSummary = report.evidence.runner === 'go-test';
  if (report.evidence.summary === null && !printsNoSummary) reasons.push("The runner's summary line is missing.");
  if (report.evidence.countsAgree === false) reasons.push("The runner's summary counts differ from the parsed tests.");
  return { trusted: reasons.length === 0, reasons };
}

/**
 * Why a test command could not start, read from the end of its output: its program is not
 * on the sandbox's PATH (exit 127, as shells report it) or its interpreter lacks the runner's
 * module (`No module named pytest`). `undefined` when the output shows neither.
 */
export function diagnoseMissingRunner(report: Pick<TestReport, 'exitCode' | 'outputTail'>): string | undefined {
  if (report.outputTail === undefined) return undefined;
  const lines = `${report.outputTail.stderr}\n${report.outputTail.stdout}`.split('\n').map((line) => line.trim());
  for (const line of lines) {
    // `/usr/bin/python3: No module named pytest` (python -m) or `ModuleNotFoundError: No module named 'x'`.
    const match = /^(?:(\S+?): )?No module named '?([\w.]+)'?$/.exec(line) ?? /^\w*Error: No module named '?([\w.]+)'?$/.exec(line);
    if (!match) continue;
    const module = match.length === 3 ? match[2]! : match[1]!;
    const interpreter = match.length === 3 && match[1] !== undefined ? match[1] : 'the interpreter';
    const debianPackage = `python3-${module.split('.')[0]!.replace(/_/g, '-').toLowerCase()}`;
    return (
      `${interpreter} has no module ${module} ("${line}"). Install ${module} for the interpreter the sandbox runs: for bubblewrap, ` +
      `the first python3 on PATH that the sandbox's user can reach ('swespot doctor' names it; on Debian: apt-get install ${debianPackage}); for Docker, the image's own.`
    );
  }
  const notFound = lines.find((line) => /^(?:bash|sh|\/bin\/sh|swespot)\b.*: (?:command )?not found$/.test(line));
  if (report.exitCode === 127 || notFound !== undefined) {
    return (
      `the command's program was not found in the sandbox (${notFound ?? `exit ${report.exitCode}`}). Install it where the sandbox ` +
      'can run it (bubblewrap: in a PATH folder its user can enter; Docker: in the image), or fix the spec\'s command.'
    );
  }
  return undefined;
}

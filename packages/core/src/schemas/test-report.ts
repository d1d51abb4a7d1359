import { z } from 'zod';
import { countSchema, durationMillisecondsSchema, isoDateTimeSchema, recordIdSchema } from './record-fields';
import { testFrameworkSchema } from './test-spec';

/** The most UTF-8 bytes of each stream a {@link testReportSchema} `outputTail` keeps: 4 KiB. */
export const TEST_REPORT_OUTPUT_TAIL_BYTES = 4096;

/**
 * The end of a test command's output, kept in the report so that a run that found no tests
 * shows why (`No module named pytest`, `command not found`). At most
 * {@link TEST_REPORT_OUTPUT_TAIL_BYTES} UTF-8 bytes of each stream, cut at a line start when one
 * is near.
 */
export const testOutputTailSchema = z
  .strictObject({
    stdout: z.string().describe(`The last at most ${TEST_REPORT_OUTPUT_TAIL_BYTES} bytes of standard output.`),
    stderr: z.string().describe(`The last at most ${TEST_REPORT_OUTPUT_TAIL_BYTES} bytes of standard error.`),
  })
  .describe('The end of the command\'s output.');

/** The end of a test command's output. See {@link testOutputTailSchema}. */
export type TestOutputTail = z.infer<typeof testOutputTailSchema>;

/**
 * The outcome of one test: `passed`, `failed` (an assertion failed), `error` (it could not
 * run: import error, fixture error), `skipped`, or `xfail` (failed as expected).
 */
export const testStatusSchema = z
  .enum(['passed', 'failed', 'error', 'skipped', 'xfail'])
  .describe('Outcome of one test.');

/** The outcome of one test. See {@link testStatusSchema}. */
export type TestStatus = z.infer<typeof testStatusSchema>;

/** One test's result, as parsed from the runner's output. */
export const testResultSchema = z
  .strictObject({
    testId: z.string().min(1).describe('Test id in the runner\'s format, as in FAIL_TO_PASS.'),
    status: testStatusSchema,
    durationMs: durationMillisecondsSchema.optional().describe('How long the test took, in milliseconds, when the runner said.'),
    message: z.string().optional().describe('Failure or skip message, shortened.'),
  })
  .describe('One test\'s result.');

/** One test's result. */
export type TestResult = z.infer<typeof testResultSchema>;

/** The counts a runner printed in its own summary line (e.g. pytest's `3 passed, 1 failed`). */
export const runnerSummarySchema = z
  .strictObject({
    passed: countSchema.describe('Tests passed.'),
    failed: countSchema.describe('Tests failed.'),
    errors: countSchema.describe('Tests that errored.'),
    skipped: countSchema.describe('Tests skipped.'),
    xfailed: countSchema.default(0).describe('Tests that failed as expected. Default: 0.'),
    total: countSchema.optional().describe('Total the runner printed, when it printed one.'),
  })
  .describe('Counts from the runner\'s own summary.');

/** The counts a runner printed in its own summary. */
export type RunnerSummary = z.infer<typeof runnerSummarySchema>;

/**
 * Evidence that the suite really ran and that the parsed results can be trusted: a run that
 * parsed no tests and printed no summary, or whose exit code contradicts its results (a
 * forged `PASSED` line, say), is not a pass.
 */
export const suiteEvidenceSchema = z
  .strictObject({
    runner: testFrameworkSchema.describe('Runner whose parser read the output.'),
    summary: runnerSummarySchema.nullable().describe('The runner\'s own summary counts; null when it printed none.'),
    countsAgree: z
      .boolean()
      .nullable()
      .describe('Whether the summary counts equal the counts of parsed tests; null when there is no summary.'),
    exitCodeAgrees: z
      .boolean()
      .describe('Whether the exit code agrees with the results: zero exactly when nothing failed or errored.'),
  })
  .describe('Evidence that the suite ran.');

/** Evidence that a test suite ran. See {@link suiteEvidenceSchema}. */
export type SuiteEvidence = z.infer<typeof suiteEvidenceSchema>;

/**
 * The result of running a task's test command once: parsed tests, evidence, limits hit and the
 * end of the output. `schemaVersion` 2 carries `outputTail`; records of version 1 (written before
 * it existed, without it) still read.
 */
export const testReportSchema = z
  .strictObject({
    schemaVersion: z.literal([1, 2]).describe('Version of the record layout: 2 carries outputTail; 1 (older) does not.'),
    id: recordIdSchema.describe('Report id.'),
    taskId: recordIdSchema.optional().describe('Task whose tests ran, when the run belongs to one.'),
    command: z.string().min(1).describe('The command as run, placeholders filled in.'),
    exitCode: z.int().nullable().describe('Exit code; null when the process was killed or never started.'),
    tests: z.array(testResultSchema).describe('Per-test results, in output order.'),
    evidence: suiteEvidenceSchema,
    durationMs: durationMillisecondsSchema.describe('Wall-clock time of the command, in milliseconds.'),
    timedOut: z.boolean().describe('Whether the command was stopped by its timeout.'),
    stdoutTruncated: z.boolean().describe('Whether standard output was cut to its size limit before parsing.'),
    stderrTruncated: z.boolean().describe('Whether standard error was cut to its size limit.'),
    startedAt: isoDateTimeSchema.describe('When the command started.'),
    outputTail: testOutputTailSchema.optional().describe('The end of stdout and stderr (schemaVersion 2 on; absent in version 1).'),
  })
  .superRefine((report, context) => {
    if (report.schemaVersion === 2 && report.outputTail === undefined) {
      context.addIssue({ code: 'custom', message: 'Expected outputTail (the end of stdout and stderr) in a schemaVersion 2 report', path: ['outputTail'] });
    }
    if (report.schemaVersion === 1 && report.outputTail !== undefined) {
      context.addIssue({ code: 'custom', message: 'outputTail needs schemaVersion 2', path: ['schemaVersion'] });
    }
    const seen = new Set<string>();
    report.tests.forEach((test, index) => {
      if (seen.has(test.testId)) {
        context.addIssue({ code: 'custom', message: `Duplicate test id ${test.testId}`, path: ['tests', index, 'testId'] });
      }
      seen.add(test.testId);
    });
  })
  .describe('Result of one run of a test command.');

/** The result of one run of a test command. See {@link testReportSchema}. */
export type TestReport = z.infer<typeof testReportSchema>;

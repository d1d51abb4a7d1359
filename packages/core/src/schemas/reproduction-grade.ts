import { z } from 'zod';
import { countSchema, durationMillisecondsSchema, isoDateTimeSchema, recordIdSchema, schemaVersionSchema } from './record-fields';
import { testReportSchema, testStatusSchema } from './test-report';
import { reproductionGradingSchema } from './test-repro-task';

/**
 * Why a reproduction test patch is not resolved, or what a grader noticed about it:
 * - `empty-patch`: the patch holds no change;
 * - `malformed-patch`: it is not a unified diff;
 * - `touches-source`: it changes files that are not tests (refused before anything runs);
 * - `does-not-apply`: a patch (`patch`: the test patch, the task's bug patch or its gold
 *   patch) does not apply; `hunk` names the first hunk that failed;
 * - `no-tests-found`: the patch adds or changes no test function or case;
 * - `tests-did-not-run`: none of the tests it adds appeared in a run's results;
 * - `passes-on-both-sides`: tests pass before the fix too (they assert nothing new);
 * - `fails-on-both-sides`: tests fail after the fix too;
 * - `fails-after-fix`: tests pass on the buggy code and fail on the fixed code;
 * - `flaky`: runs of one side disagree about a test;
 * - `no-coverage`: the tests execute none of the fix's changed lines;
 * - `coverage-unavailable`: coverage could not be measured (tool missing, runner not supported,
 *   no measurable changed line), so a rule weighed by coverage cannot pass.
 */
export const reproductionReasonCodeSchema = z
  .enum([
    'empty-patch',
    'malformed-patch',
    'touches-source',
    'does-not-apply',
    'no-tests-found',
    'tests-did-not-run',
    'passes-on-both-sides',
    'fails-on-both-sides',
    'fails-after-fix',
    'flaky',
    'no-coverage',
    'coverage-unavailable',
  ])
  .describe('Why a reproduction test patch is not resolved, or what the grader noticed.');

/** A reason code. See {@link reproductionReasonCodeSchema}. */
export type ReproductionReasonCode = z.infer<typeof reproductionReasonCodeSchema>;

/** A hunk of a unified diff: the file, its 1-based position among the file's hunks, and its `@@` header. */
export const patchHunkReferenceSchema = z
  .strictObject({
    file: z.string().min(1).describe('File the hunk changes.'),
    index: z.int().positive().describe('1-based position of the hunk among the hunks of that file.'),
    header: z.string().min(1).describe('The hunk header, e.g. @@ -12,6 +12,14 @@ def test_add():'),
  })
  .describe('One hunk of a patch.');

/** One hunk of a patch. See {@link patchHunkReferenceSchema}. */
export type PatchHunkReference = z.infer<typeof patchHunkReferenceSchema>;

/** One reason, with what it is about. */
export const reproductionReasonSchema = z
  .strictObject({
    code: reproductionReasonCodeSchema,
    message: z.string().min(1).describe('One or two sentences for a person: what happened and what it means.'),
    tests: z.array(z.string().min(1)).optional().describe('Test ids it is about.'),
    files: z.array(z.string().min(1)).optional().describe('Files it is about.'),
    patch: z.enum(['test', 'bug', 'gold']).optional().describe('For does-not-apply: which patch failed (the graded test patch, the task\'s bug patch or its gold patch).'),
    hunk: patchHunkReferenceSchema.optional().describe('For does-not-apply: the first hunk that failed, when the tool named it.'),
  })
  .describe('A reason with what it is about.');

/** A reason with what it is about. See {@link reproductionReasonSchema}. */
export type ReproductionReason = z.infer<typeof reproductionReasonSchema>;

/** The status of a test in one run, or `missing` when the run did not report it. */
export const reproductionRunStatusSchema = z
  .union([testStatusSchema, z.literal('missing')])
  .describe('Status of a test in one run, or missing when the run did not report it.');

/** The status of a test in one run. See {@link reproductionRunStatusSchema}. */
export type ReproductionRunStatus = z.infer<typeof reproductionRunStatusSchema>;

/**
 * What a test did across the runs: failed (or errored) before the fix and passed after it
 * (`fail-to-pass`), passed on both sides, failed on both sides, passed before and failed
 * after, disagreed between runs of one side (`flaky`), or was reported in no run (`not-run`).
 * Skipped and expected-failure results are neither passes nor failures (`skipped`).
 */
export const reproductionTestOutcomeSchema = z
  .enum(['fail-to-pass', 'pass-to-pass', 'fail-to-fail', 'pass-to-fail', 'flaky', 'skipped', 'not-run'])
  .describe('What a test did across the runs before and after the fix.');

/** What a test did across the runs. See {@link reproductionTestOutcomeSchema}. */
export type ReproductionTestOutcome = z.infer<typeof reproductionTestOutcomeSchema>;

/** One test the graded patch adds or changes, with its status in every run on both sides. */
export const reproductionTestSchema = z
  .strictObject({
    id: z.string().min(1).describe('Test id in the runner\'s format, e.g. tests/test_a.py::TestX::test_y or test_y (module.Class).'),
    file: z.string().min(1).describe('Test file, relative to the working directory.'),
    name: z.string().min(1).describe('Qualified name in the file, e.g. TestX.test_y or suite > case.'),
    before: z.array(reproductionRunStatusSchema).describe('Status in each run on the buggy code, in run order.'),
    after: z.array(reproductionRunStatusSchema).describe('Status in each run on the fixed code, in run order.'),
    outcome: reproductionTestOutcomeSchema,
  })
  .describe('One added or changed test and its statuses.');

/** One added or changed test and its statuses. See {@link reproductionTestSchema}. */
export type ReproductionTest = z.infer<typeof reproductionTestSchema>;

/** Coverage of one file's changed lines (of the gold patch) by the graded tests. */
export const reproductionCoverageFileSchema = z
  .strictObject({
    path: z.string().min(1).describe('Source file the gold patch changes.'),
    side: z.enum(['before', 'after']).describe('before: lines the fix removes (old numbering, measured on the buggy code); after: lines it adds (new numbering, measured on the fixed code).'),
    covered: z.array(z.int().positive()).describe('Changed lines the tests executed.'),
    missed: z.array(z.int().positive()).describe('Changed, executable lines the tests did not execute.'),
    notExecutable: z.array(z.int().positive()).describe('Changed lines with no statement of their own (left out of the share).'),
  })
  .describe('Coverage of one file\'s changed lines.');

/** Coverage of one file's changed lines. See {@link reproductionCoverageFileSchema}. */
export type ReproductionCoverageFile = z.infer<typeof reproductionCoverageFileSchema>;

/**
 * Coverage of the gold patch's changed lines (blank and comment-only lines left out) by the
 * tests the graded patch adds: removed lines measured on the buggy code, added lines on the
 * fixed code, as TDD-Bench does.
 */
export const reproductionCoverageSchema = z
  .strictObject({
    tool: z.enum(['coverage.py', 'v8']).describe('What measured it: coverage.py (Python) or V8 block coverage (JavaScript, NODE_V8_COVERAGE).'),
    share: z.number().min(0).max(1).nullable().describe('Covered / (covered + missed); null when no changed line is executable.'),
    covered: countSchema.describe('Changed lines executed.'),
    missed: countSchema.describe('Changed, executable lines not executed.'),
    files: z.array(reproductionCoverageFileSchema).describe('Per file and side.'),
  })
  .describe('Coverage of the fix\'s changed lines by the graded tests.');

/** Coverage of the fix's changed lines. See {@link reproductionCoverageSchema}. */
export type ReproductionCoverage = z.infer<typeof reproductionCoverageSchema>;

/**
 * The grade of one reproduction test patch (RCX Semantic-Runtime Alignment, TDD-Bench): the
 * tests it adds run on the buggy code and on the fixed code, `runsPerSide` times each.
 * `failBefore`: any (or, by the rule, all) of them fail or error before the fix; `passAfter`:
 * at least one passes and none fails or errors after it; `score` is
 * `failBefore · passAfter · coverage` (TDD-Bench's score; without the coverage factor when the
 * rule does not weigh by coverage, TDD-Bench's exception for sympy); `resolved` is
 * `score > 0` with no flaky test. `reasons` says why it is not resolved; `notes` what else
 * was seen.
 */
export const reproductionGradeSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    taskId: recordIdSchema.describe('The task graded.'),
    resolved: z.boolean().describe('score > 0 and no flaky test.'),
    score: z.number().min(0).max(1).describe('failBefore · passAfter · coverage share (coverage left out when the rule does not weigh by it).'),
    failBefore: z.boolean().describe('The rule\'s fail-before condition held on the buggy code in every run.'),
    passAfter: z.boolean().describe('At least one test passed and none failed or errored on the fixed code, in every run.'),
    coverage: reproductionCoverageSchema.nullable().describe('Coverage of the fix\'s changed lines; null when not measured.'),
    rule: reproductionGradingSchema.describe('The grading rule applied (the task\'s).'),
    tests: z.array(reproductionTestSchema).describe('The tests the patch adds or changes.'),
    reasons: z.array(reproductionReasonSchema).describe('Why it is not resolved; empty when it is.'),
    notes: z.array(reproductionReasonSchema).describe('What the grader saw that does not decide the grade, e.g. one added test passing on both sides next to a reproducing one.'),
    patch: z
      .strictObject({
        files: z.array(z.string().min(1)).describe('Files the patch touches.'),
        testFiles: z.array(z.string().min(1)).describe('Of them, test files.'),
        sourceFiles: z.array(z.string().min(1)).describe('Of them, files that are not tests.'),
      })
      .describe('What the graded patch touches.'),
    runsPerSide: z.int().nonnegative().describe('Runs on each side (2 detects flaky tests); 0 when nothing ran.'),
    runs: z
      .strictObject({ before: z.array(testReportSchema), after: z.array(testReportSchema) })
      .describe('The test reports of every run, in order.'),
    environment: z
      .strictObject({
        sandbox: z.string().min(1).describe('Sandbox backend, e.g. docker.'),
        image: z.string().min(1).optional().describe('Container image the runs started from.'),
      })
      .describe('Where the runs happened.'),
    durationMs: durationMillisecondsSchema.describe('Wall-clock time of the grading.'),
    gradedAt: isoDateTimeSchema.describe('When the grading ended.'),
  })
  .superRefine((grade, context) => {
    if (grade.resolved && grade.reasons.length > 0) {
      context.addIssue({ code: 'custom', message: 'A resolved grade has no reasons against it', path: ['reasons'] });
    }
    if (!grade.resolved && grade.reasons.length === 0) {
      context.addIssue({ code: 'custom', message: 'An unresolved grade says why in reasons', path: ['reasons'] });
    }
    if (grade.resolved && grade.score <= 0) {
      context.addIssue({ code: 'custom', message: 'A resolved grade has a score above 0', path: ['score'] });
    }
  })
  .describe('The grade of one reproduction test patch.');

/** The grade of one reproduction test patch. See {@link reproductionGradeSchema}. */
export type ReproductionGrade = z.infer<typeof reproductionGradeSchema>;

import { z } from 'zod';
import { commitShaSchema, isoDateTimeSchema } from './record-fields';

/**
 * An issue linked to the pull request behind a task (closed by it, or referenced from it).
 */
export const linkedIssueSchema = z
  .strictObject({
    number: z.int().positive().describe('Issue number in the repository.'),
    url: z.url().optional().describe('Web address of the issue.'),
    title: z.string().optional().describe('Issue title.'),
  })
  .describe('Issue linked to the pull request.');

/** An issue linked to a task's pull request. */
export type LinkedIssue = z.infer<typeof linkedIssueSchema>;

/**
 * The fields shared by the tasks built around one code change with an issue-like problem
 * statement: `bugfix`, `feature` and `test-repro`. Named after the SWE-bench columns they
 * map to (`patch` is `goldPatch`, `hints_text` is `hints`, `pull_number` is `prNumber`).
 */
export const changeTaskFields = {
  problemStatement: z.string().min(1).describe('The issue text shown to the agent (SWE-bench problem_statement).'),
  problemStatementOrigin: z
    .enum(['issue', 'pull-request', 'generated', 'template'])
    .optional()
    .describe('Where the problem statement came from: a real issue, the PR text, a model, or a fixed template.'),
  goldPatch: z
    .string()
    .describe('Unified diff of the reference change to non-test files, applied to the snapshot (SWE-bench patch).'),
  testPatch: z
    .string()
    .describe('Unified diff adding or changing the tests that check the change (SWE-bench test_patch); empty when there is none.'),
  hints: z.string().optional().describe('Discussion before the fix, e.g. issue comments (SWE-bench hints_text).'),
  hintLocations: z
    .string()
    .optional()
    .describe('Markdown list of the files and signatures the gold patch touches (SWE-Spot hint_locations).'),
  createdAt: isoDateTimeSchema.optional().describe('When the pull request (or the bug) was created.'),
  version: z.string().min(1).optional().describe('Package version, which picks install specs (SWE-bench version), e.g. 3.2.'),
  environmentSetupCommit: commitShaSchema
    .optional()
    .describe('Commit whose requirements define the environment for this version (SWE-bench environment_setup_commit).'),
  prNumber: z.int().positive().optional().describe('Number of the pull request behind the task.'),
  linkedIssues: z.array(linkedIssueSchema).optional().describe('Issues the pull request closes or references.'),
} as const;

/** Test ids that must fail before the change and pass after it (SWE-bench FAIL_TO_PASS). */
export const failToPassSchema = z
  .array(z.string().min(1))
  .min(1, 'Expected at least one FAIL_TO_PASS test: a task no test can check is not a task')
  .describe('Test ids that fail before the change and pass after it (FAIL_TO_PASS).');

/** Test ids that must pass both before and after the change (SWE-bench PASS_TO_PASS). */
export const passToPassSchema = z
  .array(z.string().min(1))
  .describe('Test ids that pass before and after the change (PASS_TO_PASS).');

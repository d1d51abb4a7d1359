import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';

/**
 * A FAIL_TO_PASS or PASS_TO_PASS value as datasets write it: a JSON-encoded string of a list
 * (SWE-bench on Hugging Face) or a real list (FEA-Bench, SWE-smith, SWE-QA).
 */
export const sweBenchTestListSchema = z
  .union([z.string(), z.array(z.string())])
  .describe('List of test ids, as a JSON-encoded string or as an array.');

/** A FAIL_TO_PASS or PASS_TO_PASS value as datasets write it. */
export type SweBenchTestList = z.infer<typeof sweBenchTestListSchema>;

/**
 * One row of a SWE-bench-style dataset (SWE-bench and Verified, TDD-Bench, FEA-Bench,
 * SWE-smith), for loading. Tolerant: only `instance_id` and `repo` are required, the known
 * fields are typed (optional ones may be null), and unknown keys pass through untouched.
 * It does not decode anything; use {@link parseSweBenchTestList} for the test lists.
 */
export const sweBenchRowSchema = z
  .looseObject({
    instance_id: z.string().min(1).describe('Instance id, e.g. django__django-13837.'),
    repo: z.string().min(1).describe('Repository as owner/name.'),
    base_commit: z.string().nullish().describe('Commit the task starts from.'),
    patch: z.string().nullish().describe('Gold patch (SWE-smith: the bug-introducing patch).'),
    test_patch: z.string().nullish().describe('Patch adding the tests that check the fix.'),
    problem_statement: z.string().nullish().describe('Issue text.'),
    hints_text: z.string().nullish().describe('Issue comments from before the fix.'),
    created_at: z
      .union([z.string(), z.number()])
      .nullish()
      .describe('Creation time: an ISO string, or epoch milliseconds (TDD-Bench).'),
    version: z.union([z.string(), z.number()]).nullish().describe('Package version, e.g. "3.2".'),
    FAIL_TO_PASS: sweBenchTestListSchema.nullish(),
    PASS_TO_PASS: sweBenchTestListSchema.nullish(),
    environment_setup_commit: z.string().nullish().describe('Commit whose requirements define the environment.'),
    pull_number: z.int().nullish().describe('Pull request number (FEA-Bench).'),
    non_py_patch: z.string().nullish().describe('Hunks of the gold patch on non-Python files (FEA-Bench).'),
    new_components: z
      .array(
        z.looseObject({
          file: z.string(),
          components: z.array(
            z.looseObject({
              name: z.string(),
              type: z.string(),
              signature: z.string(),
              doc: z.string().nullish(),
              lines: z.array(z.int()),
            }),
          ),
        }),
      )
      .nullish()
      .describe('Definitions the gold patch adds, per file (FEA-Bench).'),
    difficulty: z.string().nullish().describe('Difficulty label (SWE-bench Verified), e.g. "1-4 hours".'),
    hint_locations: z.string().nullish().describe('Markdown list of gold-patch files and signatures (SWE-Spot).'),
    image_name: z.string().nullish().describe('Container image of the instance (SWE-smith, SWE-QA).'),
  })
  .describe('A SWE-bench-style dataset row.');

/** One SWE-bench-style dataset row after validation. See {@link sweBenchRowSchema}. */
export type SweBenchRow = z.infer<typeof sweBenchRowSchema>;

/** A SWE-bench-style dataset row as it can be passed in (before validation). */
export type SweBenchRowInput = z.input<typeof sweBenchRowSchema>;

/**
 * Decodes a FAIL_TO_PASS or PASS_TO_PASS value into an array of test ids, whether it is a
 * JSON-encoded string or already an array. `null` and `undefined` give an empty array.
 *
 * @throws {ValidationError} when a string is not a JSON array of strings; `field` names the
 * key in the issue path.
 */
export function parseSweBenchTestList(value: SweBenchTestList | null | undefined, field = 'FAIL_TO_PASS'): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return [...value];
  let decoded: unknown;
  try {
    decoded = JSON.parse(value);
  } catch (error) {
    throw new ValidationError({
      issues: [{ path: field, message: `Expected a JSON-encoded list of test ids: ${(error as Error).message}` }],
      schema: 'SweBenchRow',
      cause: error,
    });
  }
  if (!Array.isArray(decoded) || !decoded.every((item): item is string => typeof item === 'string')) {
    throw new ValidationError({
      issues: [{ path: field, message: 'Expected a JSON-encoded list of strings' }],
      schema: 'SweBenchRow',
    });
  }
  return decoded;
}

import { z } from 'zod';
import { changeTaskFields } from './change-task-fields';
import { recordIdSchema } from './record-fields';
import { taskBaseSchema } from './task-base';

/**
 * How a reproduction test patch is graded (TDD-Bench): run the tests the patch adds on the
 * buggy code and again with the gold patch applied. The score is
 * `fail_before · pass_after` (times the coverage share with `weighByCoverage`) and the patch
 * resolves the task when the score is above 0.
 */
export const reproductionGradingSchema = z
  .strictObject({
    failBefore: z
      .enum(['any', 'all'])
      .default('any')
      .describe('Before the fix, any (TDD-Bench) or all of the added tests must fail or error. Default: any.'),
    passAfter: z
      .literal('all')
      .default('all')
      .describe('After the fix, all added tests must pass (and at least one must exist). Default: all.'),
    weighByCoverage: z
      .boolean()
      .default(false)
      .describe(
        'Multiply the score by the share of changed gold-patch lines the tests cover (TDD-Bench tddScore); since resolved means score > 0, the tests must then also execute at least one changed line. TDD-Bench sets it for every repository but sympy. Default: false.',
      ),
  })
  .describe('Grading rule: fail before the fix, pass after it.');

/** How a reproduction test patch is graded. See {@link reproductionGradingSchema}. */
export type ReproductionGrading = z.infer<typeof reproductionGradingSchema>;

/**
 * A test reproduction task (RCX Semantic-Runtime Alignment; TDD-Bench Verified): write tests
 * that fail on the buggy code and pass once `goldPatch` is applied. `testPatch` is the golden
 * test patch, for reference; it is never shown to the agent.
 */
export const testReproTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('test-repro'),
    ...changeTaskFields,
    testFiles: z
      .array(z.string().min(1))
      .describe('Test files the new tests should go in (edit or create); empty lets the agent choose.'),
    grading: reproductionGradingSchema,
    bugPatch: z
      .string()
      .min(1)
      .optional()
      .describe('Unified diff that puts the bug into the snapshot (PR mirrors); absent when the snapshot already has it.'),
    bugfixTaskId: recordIdSchema
      .optional()
      .describe('Id of the bugfix task whose bug this task reuses, when it came from one.'),
    failToPass: z.array(z.string().min(1)).optional().describe('Golden tests known to fail before and pass after, when known.'),
    passToPass: z.array(z.string().min(1)).optional().describe('Tests known to pass before and after, when known.'),
  })
  .describe('Test reproduction task: write tests that fail before the fix and pass after it.');

/** A test reproduction task. See {@link testReproTaskSchema}. */
export type TestReproTask = z.infer<typeof testReproTaskSchema>;

import { z } from 'zod';
import { modelReferenceSchema } from './model-reference';
import { taskSourceSchema } from './provenance';
import { recordIdSchema, schemaVersionSchema } from './record-fields';
import { taskKindSchema } from './task-base';

/**
 * One evaluation row: one model's attempt on one task, graded. Averages over attempts and
 * tasks are computed from these rows, never stored in them.
 */
export const evalResultSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: recordIdSchema.describe('Result id.'),
    runId: recordIdSchema.describe('The evaluation run (RunRecord id) it belongs to.'),
    taskId: recordIdSchema.describe('The task instance graded.'),
    taskKind: taskKindSchema,
    source: taskSourceSchema.optional().describe('Benchmark of the task, e.g. swe-bench-verified.'),
    model: modelReferenceSchema,
    attempt: z.int().positive().describe('Which attempt of this model on this task, 1-based.'),
    resolved: z
      .boolean()
      .nullable()
      .describe('Whether the task counts as solved (SWE-bench FULL, TDD fail-before and pass-after); null for judged tasks.'),
    score: z
      .number()
      .min(0)
      .max(1)
      .describe('Score in [0, 1]: 1 or 0 for resolved, tddScore for test-repro, the judge\'s mean scaled to [0, 1] for qa.'),
    scoreDetails: z
      .record(z.string(), z.number())
      .optional()
      .describe('Parts of the score, e.g. { coverage: 0.8 } or judge dimensions { correctness: 7 }.'),
    trajectoryId: recordIdSchema.optional().describe('The trajectory graded, when there is one.'),
    testReportIds: z.array(recordIdSchema).optional().describe('Test reports used for grading.'),
    error: z.string().optional().describe('Why grading failed (patch did not apply, infrastructure), when it did.'),
  })
  .describe('One graded attempt of one model on one task.');

/** One graded attempt of one model on one task. See {@link evalResultSchema}. */
export type EvalResult = z.infer<typeof evalResultSchema>;

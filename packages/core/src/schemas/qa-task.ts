import { z } from 'zod';
import { taskBaseSchema } from './task-base';

/**
 * A codebase question (SWE-QA): answer a question about the repository; an LLM judge
 * scores the answer against `referenceAnswer`.
 */
export const qaTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('qa'),
    question: z.string().min(1).describe('The question shown to the agent (SWE-QA problem_statement).'),
    referenceAnswer: z.string().min(1).describe('The answer the judge compares with (SWE-QA reference answer).'),
    category: z
      .enum(['what', 'why', 'where', 'how'])
      .optional()
      .describe('Question type in the SWE-QA taxonomy.'),
    relevantFiles: z.array(z.string().min(1)).optional().describe('Files that hold the answer, when known.'),
    groundTruth: z.string().optional().describe('An earlier, longer answer (SWE-QA ground_truth); not what the judge uses.'),
    goldPatch: z.string().optional().describe('A patch that goes with the answer, when the question has one.'),
    failToPass: z.array(z.string().min(1)).optional().describe('Tests that check the patch, when there is one.'),
    passToPass: z.array(z.string().min(1)).optional().describe('Tests that must keep passing, when there is a patch.'),
  })
  .describe('Codebase question answering task.');

/** A codebase question. See {@link qaTaskSchema}. */
export type QaTask = z.infer<typeof qaTaskSchema>;

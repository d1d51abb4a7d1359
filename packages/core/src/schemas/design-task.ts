import { z } from 'zod';
import { lineRangeSchema } from './record-fields';
import { taskBaseSchema } from './task-base';

/**
 * Something in the repository a design probe asks about: a module (folder), a file, a class,
 * a function or a chunk of lines.
 */
export const designTargetSchema = z
  .strictObject({
    granularity: z.enum(['module', 'file', 'class', 'function', 'chunk']).describe('What kind of thing the target is.'),
    path: z.string().min(1).describe('Path of the module folder or file, relative to the repository root.'),
    symbol: z.string().min(1).optional().describe('Qualified name inside the file for class and function targets, e.g. Query.filter.'),
    lines: lineRangeSchema.optional().describe('Lines of the target in the file, for class, function and chunk targets.'),
    commitCount: z
      .int()
      .nonnegative()
      .optional()
      .describe('Commits that touched the target before the cutoff; probes prefer hotter targets.'),
  })
  .describe('A module, file, class, function or chunk the probe is about.');

/** Something a design probe asks about. */
export type DesignTarget = z.infer<typeof designTargetSchema>;

/** A fact about the target checked against the code (by static analysis or by reading it). */
export const groundingFactSchema = z
  .strictObject({
    statement: z.string().min(1).describe('The fact, in one sentence.'),
    path: z.string().min(1).optional().describe('File that shows it.'),
    symbol: z.string().min(1).optional().describe('Symbol it is about.'),
    lines: lineRangeSchema.optional().describe('Lines that show it.'),
  })
  .describe('A checked fact about the target.');

/** A checked fact about a design target. */
export type GroundingFact = z.infer<typeof groundingFactSchema>;

/** One criterion a design report is scored on. */
export const rubricItemSchema = z
  .strictObject({
    criterion: z.string().min(1).describe('What a good report says or does.'),
    weight: z.number().positive().default(1).describe('Relative weight of the criterion. Default: 1.'),
  })
  .describe('One scoring criterion.');

/** One criterion a design report is scored on. */
export type RubricItem = z.infer<typeof rubricItemSchema>;

/**
 * A software design probe (RCX Active Code Analysis): explore the repository and write a
 * report on the targets' functionality, design rationale and interactions with the rest of
 * the system. Scored against `rubric` or `referenceAnswer` (at least one is set).
 */
export const designTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('design'),
    targets: z.array(designTargetSchema).min(1).describe('What the probe is about.'),
    prompt: z.string().min(1).describe('The question or instruction shown to the agent.'),
    referenceAnswer: z.string().min(1).optional().describe('A reference report, for judges.'),
    rubric: z.array(rubricItemSchema).optional().describe('Criteria the report is scored on.'),
    groundingFacts: z
      .array(groundingFactSchema)
      .default([])
      .describe('Facts a correct report agrees with; never shown to the agent. Default: none.'),
  })
  .refine((task) => task.referenceAnswer !== undefined || (task.rubric !== undefined && task.rubric.length > 0), {
    message: 'Set referenceAnswer or a non-empty rubric, so the report can be scored',
    path: ['rubric'],
  })
  .describe('Software design probe: report on the design of a part of the repository.');

/** A software design probe. See {@link designTaskSchema}. */
export type DesignTask = z.infer<typeof designTaskSchema>;

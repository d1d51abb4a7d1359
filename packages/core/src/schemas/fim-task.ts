import { z } from 'zod';
import { byteRangeSchema, lineRangeSchema } from './record-fields';
import { taskBaseSchema } from './task-base';

const utf8 = new TextEncoder();

/** The syntactic unit a FIM hole removes; holes follow the syntax tree, not arbitrary spans. */
export const holeGranularitySchema = z
  .enum(['class', 'function', 'method', 'block', 'statement', 'expression'])
  .describe('Syntactic unit the hole removes.');

/** The syntactic unit a FIM hole removes. */
export type HoleGranularity = z.infer<typeof holeGranularitySchema>;

/**
 * One span removed from the file: where (bytes and lines of the original file), what was
 * there, and which syntactic unit it is. `byteRange` spans exactly the UTF-8 bytes of
 * `removedCode`.
 */
export const fimHoleSchema = z
  .strictObject({
    byteRange: byteRangeSchema.describe('Bytes of the original file the hole removes.'),
    lineRange: lineRangeSchema.describe('Lines of the original file the hole touches.'),
    removedCode: z.string().describe('The original text of the hole: the answer.'),
    granularity: holeGranularitySchema,
    symbol: z.string().min(1).optional().describe('Qualified name of the removed definition, e.g. Query.filter.'),
  })
  .refine((hole) => hole.byteRange.end - hole.byteRange.start === utf8.encode(hole.removedCode).length, {
    message: 'byteRange length must equal the UTF-8 byte length of removedCode',
    path: ['byteRange'],
  })
  .describe('A span removed from the file.');

/** One span removed from a FIM file. See {@link fimHoleSchema}. */
export type FimHole = z.infer<typeof fimHoleSchema>;

/** A symbol used inside a hole and defined in another file, as a language server resolved it. */
export const crossFileDependencySchema = z
  .strictObject({
    symbol: z.string().min(1).describe('Name as used in the hole, e.g. connection.ops.quote_name.'),
    definedIn: z.string().min(1).describe('File that defines it, relative to the repository root.'),
    line: z.int().positive().optional().describe('Line of the definition, 1-based.'),
    symbolKind: z.string().min(1).optional().describe('What it is, e.g. function, class, method, variable.'),
  })
  .describe('A symbol in the hole defined in another file.');

/** A cross-file symbol a FIM hole uses. */
export type CrossFileDependency = z.infer<typeof crossFileDependencySchema>;

/**
 * An agentic fill-in-the-middle task (RCX Contextual Implementation): the agent gets the file
 * with holes and `instruction`, explores the repository on its own and fills the holes so
 * `coveringTests` pass. Dependencies are for sampling and scoring, never shown to the agent.
 */
export const fimTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('fim'),
    file: z.string().min(1).describe('File with the holes, relative to the repository root.'),
    instruction: z.string().min(1).describe('The functionality to implement, as shown to the agent.'),
    holes: z.array(fimHoleSchema).min(1).describe('Spans removed, in file order, not overlapping.'),
    classification: z
      .enum(['positive', 'negative'])
      .describe('positive: the holes use symbols resolved to other files; negative: local logic only.'),
    crossFileDependencies: z
      .array(crossFileDependencySchema)
      .default([])
      .describe('Symbols in the holes defined in other files. Default: none.'),
    coveringTests: z.array(z.string().min(1)).default([]).describe('Test ids that execute the removed code. Default: none.'),
  })
  .superRefine((task, context) => {
    task.holes.forEach((hole, index) => {
      const previous = index > 0 ? task.holes[index - 1] : undefined;
      if (previous !== undefined && hole.byteRange.start < previous.byteRange.end) {
        context.addIssue({
          code: 'custom',
          message: 'Holes must be in file order and must not overlap',
          path: ['holes', index, 'byteRange', 'start'],
        });
      }
    });
    if (task.classification === 'positive' && task.crossFileDependencies.length === 0) {
      context.addIssue({
        code: 'custom',
        message: 'A positive FIM task lists at least one cross-file dependency',
        path: ['crossFileDependencies'],
      });
    }
  })
  .describe('Agentic fill-in-the-middle task: fill the holes after exploring the repository.');

/** An agentic fill-in-the-middle task. See {@link fimTaskSchema}. */
export type FimTask = z.infer<typeof fimTaskSchema>;

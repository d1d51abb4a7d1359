import { z } from 'zod';
import { byteRangeSchema, lineRangeSchema } from './record-fields';
import { taskBaseSchema } from './task-base';

const utf8 = new TextEncoder();

/**
 * The syntactic unit a FIM hole removes; holes follow the syntax tree, not arbitrary spans.
 * For a hole that removes only the body of a definition (`part: 'body'`), the kind of that
 * definition (`function`, `method`, `class`).
 */
export const holeGranularitySchema = z
  .enum(['class', 'function', 'method', 'block', 'statement', 'expression'])
  .describe('Syntactic unit the hole removes, or whose body it removes.');

/** The syntactic unit a FIM hole removes. */
export type HoleGranularity = z.infer<typeof holeGranularitySchema>;

/** Whether a hole removes a whole definition (signature, decorators, docstring and body) or only its body. */
export const holePartSchema = z
  .enum(['whole', 'body'])
  .describe('whole: the definition with its signature; body: the statements after the signature and docstring.');

/** Whether a hole removes a whole definition or only its body. */
export type HolePart = z.infer<typeof holePartSchema>;

/**
 * One span removed from the file: where (bytes and lines of the original file), what was
 * there, and which syntactic unit it is. `byteRange` spans exactly the UTF-8 bytes of
 * `removedCode`. Since schema version 2 a hole also carries `placeholder`, the text that
 * stands in its place in the file the agent sees (it keeps the file parseable), and `part`.
 */
export const fimHoleSchema = z
  .strictObject({
    byteRange: byteRangeSchema.describe('Bytes of the original file the hole removes.'),
    lineRange: lineRangeSchema.describe('Lines of the original file the hole touches.'),
    removedCode: z.string().describe('The original text of the hole: the answer.'),
    granularity: holeGranularitySchema,
    symbol: z.string().min(1).optional().describe('Qualified name of the removed definition, e.g. Query.filter.'),
    part: holePartSchema.optional().describe('Whole definition or body only. Required since schema version 2.'),
    placeholder: z
      .string()
      .min(1)
      .optional()
      .describe('Text in place of the hole in the file the agent sees, at byteRange.start. Required since schema version 2.'),
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
 *
 * Schema version 2 (written since `@swespot/fim-holes` exists) adds each hole's `part` and
 * `placeholder`, so the file the agent sees can be rebuilt from the snapshot; version 1
 * records (no placeholders) are still read.
 */
export const fimTaskSchema = taskBaseSchema
  .extend({
    schemaVersion: z.union([z.literal(1), z.literal(2)]).describe('Version of the record layout: 2 adds hole part and placeholder; 1 is still read.'),
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
      if (task.schemaVersion >= 2) {
        if (hole.part === undefined) context.addIssue({ code: 'custom', message: 'Required since schema version 2', path: ['holes', index, 'part'] });
        if (hole.placeholder === undefined) {
          context.addIssue({ code: 'custom', message: 'Required since schema version 2', path: ['holes', index, 'placeholder'] });
        }
      }
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

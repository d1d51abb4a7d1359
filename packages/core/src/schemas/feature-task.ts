import { z } from 'zod';
import { changeTaskFields, failToPassSchema, passToPassSchema } from './change-task-fields';
import { lineRangeTupleSchema } from './line-range-tuple';
import { taskBaseSchema } from './task-base';

/**
 * A definition the gold patch adds (FEA-Bench `new_components[].components[]`): its name,
 * kind, signature, docstring and the lines it spans in the new file.
 */
export const newComponentSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the definition, e.g. CoordinateFrameInfo.'),
    type: z.string().min(1).describe('Kind of definition, e.g. function or class.'),
    signature: z.string().describe('Its signature line, e.g. def insert(self, index, value):.'),
    doc: z.string().describe('Its docstring; empty when it has none.'),
    lines: lineRangeTupleSchema.describe('First and last line in the patched file, 1-based, inclusive.'),
  })
  .describe('A definition the gold patch adds.');

/** A definition a feature adds. */
export type NewComponent = z.infer<typeof newComponentSchema>;

/** The definitions a feature adds to one file (FEA-Bench `new_components[]`). */
export const newComponentFileSchema = z
  .strictObject({
    file: z.string().min(1).describe('Path of the file, relative to the repository root.'),
    components: z.array(newComponentSchema).describe('Definitions added to the file.'),
  })
  .describe('The definitions the gold patch adds to one file.');

/** The definitions a feature adds to one file. */
export type NewComponentFile = z.infer<typeof newComponentFileSchema>;

/**
 * A feature task (FEA-Bench): implement a new feature, whose new API is listed in
 * `newComponents`, so the feature's tests (FAIL_TO_PASS) pass and the old ones still do.
 */
export const featureTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('feature'),
    ...changeTaskFields,
    failToPass: failToPassSchema,
    passToPass: passToPassSchema,
    newComponents: z
      .array(newComponentFileSchema)
      .describe('Definitions the gold patch adds, per file (FEA-Bench new_components).'),
    nonCodePatch: z
      .string()
      .optional()
      .describe('Hunks of the gold change that touch non-code files: docs, changelog fragments (FEA-Bench non_py_patch).'),
  })
  .describe('Feature task: implement the requested feature so its tests pass.');

/** A feature task. See {@link featureTaskSchema}. */
export type FeatureTask = z.infer<typeof featureTaskSchema>;

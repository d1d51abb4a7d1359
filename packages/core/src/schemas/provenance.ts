import { z } from 'zod';
import { isoDateTimeSchema } from './record-fields';
import { sweBenchOriginSchema } from './swe-bench-origin';

/**
 * Where a task instance comes from: one of swespot's four RCX generators (`design-probes`,
 * `fim-holes`, `pr-mirror`, `synthetic` bugs), an imported benchmark (`swe-bench-verified`,
 * `tdd-bench`, `fea-bench`, `swe-qa`, `swe-smith`), or written by hand (`manual`).
 */
export const taskSourceSchema = z
  .enum([
    'design-probes',
    'fim-holes',
    'pr-mirror',
    'synthetic',
    'swe-bench-verified',
    'tdd-bench',
    'fea-bench',
    'swe-qa',
    'swe-smith',
    'manual',
  ])
  .describe('Generator or benchmark the instance comes from.');

/** Where a task instance comes from. See {@link taskSourceSchema}. */
export type TaskSource = z.infer<typeof taskSourceSchema>;

/** The program (and its version) that wrote a record, e.g. `{ name: '@swespot/pr-mirror', version: '0.3.1' }`. */
export const generatorSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the program or package, e.g. @swespot/pr-mirror.'),
    version: z.string().min(1).describe('Its version, e.g. 0.3.1.'),
  })
  .describe('Program that generated the record.');

/** The program that wrote a record. */
export type Generator = z.infer<typeof generatorSchema>;

/** How a task instance was made: source, free-form origin, generator, creation time. */
export const provenanceSchema = z
  .strictObject({
    source: taskSourceSchema,
    origin: z
      .string()
      .min(1)
      .optional()
      .describe('Free-form origin: a PR number or URL, a benchmark instance id, a file and symbol.'),
    generator: generatorSchema.optional(),
    createdAt: isoDateTimeSchema.describe('When swespot created this record.'),
    sweBench: sweBenchOriginSchema
      .optional()
      .describe('Set when the instance was converted from a SWE-bench-style row; keeps what the row had beyond the typed fields.'),
  })
  .describe('How the instance was made.');

/** How a task instance was made. See {@link provenanceSchema}. */
export type Provenance = z.infer<typeof provenanceSchema>;

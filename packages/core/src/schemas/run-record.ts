import { z } from 'zod';
import { countSchema, isoDateTimeSchema, recordIdSchema, schemaVersionSchema } from './record-fields';

/** A file a stage read or wrote, with a content hash so reruns can tell it changed. */
export const runFileSchema = z
  .strictObject({
    path: z.string().min(1).describe('Path of the file, relative to the run\'s output root when inside it.'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'Expected 64 lowercase hex characters')
      .optional()
      .describe('SHA-256 of the content, hex.'),
    records: countSchema.optional().describe('JSONL records in the file, when it is a JSONL file.'),
  })
  .describe('A file read or written by the stage.');

/** A file a stage read or wrote. */
export type RunFile = z.infer<typeof runFileSchema>;

/** How a stage run ended, or `running` while it has not. */
export const runStatusSchema = z
  .enum(['running', 'succeeded', 'partial', 'failed', 'aborted'])
  .describe('running; succeeded; partial (some items failed); failed; aborted.');

/** How a stage run ended. */
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * The record of one run of one pipeline stage (mine PRs, generate bugs, validate, roll out,
 * evaluate): when, with which configuration, on which files, and with what result.
 */
export const runRecordSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: recordIdSchema.describe('Run id.'),
    stage: z.string().min(1).describe('Stage name, e.g. pr-mirror, validate, rollout, eval.'),
    startedAt: isoDateTimeSchema.describe('When the run started.'),
    endedAt: isoDateTimeSchema.nullable().describe('When it ended; null while it runs.'),
    configHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 in 64 lowercase hex characters')
      .describe('SHA-256 of the resolved configuration, hex; equal hashes mean equal settings.'),
    inputs: z.array(runFileSchema).describe('Files read.'),
    outputs: z.array(runFileSchema).describe('Files written.'),
    counts: z
      .record(z.string(), countSchema)
      .describe('Item counts by name, e.g. { attempted: 120, succeeded: 97, failed: 20, skipped: 3 }.'),
    status: runStatusSchema,
    error: z
      .strictObject({
        name: z.string().min(1).describe('Error class name.'),
        message: z.string().describe('Error message.'),
      })
      .optional()
      .describe('The error that ended the run, for failed and aborted runs.'),
  })
  .superRefine((record, context) => {
    if (record.status === 'running' && record.endedAt !== null) {
      context.addIssue({ code: 'custom', message: 'A running stage has endedAt null', path: ['endedAt'] });
    }
    if (record.status !== 'running' && record.endedAt === null) {
      context.addIssue({ code: 'custom', message: `A ${record.status} stage has an endedAt`, path: ['endedAt'] });
    }
  })
  .describe('One run of one pipeline stage.');

/** One run of one pipeline stage. See {@link runRecordSchema}. */
export type RunRecord = z.infer<typeof runRecordSchema>;

import { z } from 'zod';

/**
 * The `schemaVersion` every top-level record carries: the literal `1`. A breaking change to
 * a record adds a new literal beside it; records on disk live forever.
 */
export const schemaVersionSchema = z.literal(1).describe('Version of the record layout; always 1 for this layout.');

/**
 * An ISO 8601 date-time with a `Z` or numeric offset and any sub-second precision,
 * e.g. `2021-01-04T17:44:23Z` or `2020-12-31T23:59:59.000+00:00`.
 */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with a Z or numeric offset, e.g. 2021-01-04T17:44:23Z.');

/** A git commit id: 7 to 64 lowercase hex characters (abbreviated SHA-1 up to full SHA-256). */
export const commitShaSchema = z
  .string()
  .regex(/^[0-9a-f]{7,64}$/, 'Expected a git commit id: 7 to 64 lowercase hex characters')
  .describe('Git commit id, 7 to 64 lowercase hex characters.');

/** A repository name as `owner/name`, e.g. `django/django`. No scheme, host or `.git` suffix. */
export const repositoryNameSchema = z
  .string()
  .regex(/^[^/\s]+\/[^/\s]+$/, 'Expected a repository name as owner/name, e.g. django/django')
  .describe('Repository as owner/name, e.g. django/django.');

/** A record id: a non-empty string with no leading or trailing white space. */
export const recordIdSchema = z
  .string()
  .min(1, 'Expected a non-empty id')
  .regex(/^\S(.*\S)?$/, 'Expected an id without leading or trailing white space')
  .describe('Stable id of the record, unique within its file.');

/** A count of things: an integer, zero or more. */
export const countSchema = z.int().nonnegative();

/** A duration in milliseconds: a finite number, zero or more. */
export const durationMillisecondsSchema = z.number().nonnegative().describe('Duration in milliseconds.');

/** A range of 1-based source lines, both ends inclusive (`start <= end`). */
export const lineRangeSchema = z
  .strictObject({
    start: z.int().positive().describe('First line, 1-based.'),
    end: z.int().positive().describe('Last line, 1-based, inclusive.'),
  })
  .refine((range) => range.end >= range.start, { message: 'end must not be before start', path: ['end'] })
  .describe('1-based line range, both ends inclusive.');

/** A 1-based, inclusive line range, e.g. `{ start: 10, end: 24 }`. */
export type LineRange = z.infer<typeof lineRangeSchema>;

/** A range of bytes in a UTF-8 file: `start` is 0-based and inclusive, `end` is exclusive. */
export const byteRangeSchema = z
  .strictObject({
    start: z.int().nonnegative().describe('Offset of the first byte, 0-based.'),
    end: z.int().nonnegative().describe('Offset one past the last byte (exclusive).'),
  })
  .refine((range) => range.end >= range.start, { message: 'end must not be before start', path: ['end'] })
  .describe('Byte range in the UTF-8 file: start inclusive, end exclusive.');

/** A 0-based, end-exclusive byte range in a UTF-8 file. */
export type ByteRange = z.infer<typeof byteRangeSchema>;

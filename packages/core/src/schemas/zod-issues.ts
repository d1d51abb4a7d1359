import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error';

/** Turns zod's issues into `{ path: 'a.b.0.c', message }` pairs, in order. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((segment) => String(segment)).join('.'),
    message: issue.message,
  }));
}

/** Where a value came from, for error messages. */
export interface ParseLocation {
  /** The file it was read from or is going to. */
  file?: string;
  /** The 1-based line in `file`. */
  line?: number;
  /** A name for the schema, e.g. `TaskInstance`. */
  schema?: string;
}

/**
 * Validates `value` with `schema` and returns the parsed value, or throws a
 * {@link ValidationError} listing every issue with its path (and the file and line, when given).
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  location: ParseLocation = {},
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError({ issues: toValidationIssues(result.error.issues), ...location, cause: result.error });
}

import type { z } from 'zod';
import type { ValidationIssue } from '../../errors/validation-error';
import { toValidationIssues } from '../zod-issues';

/** The `path: message` issues `schema` finds in `value`; empty when it is valid. */
export function issuesOf(schema: z.ZodType, value: unknown): ValidationIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : toValidationIssues(result.error.issues);
}

/** The paths of the issues `schema` finds in `value`. */
export function issuePathsOf(schema: z.ZodType, value: unknown): string[] {
  return issuesOf(schema, value).map((issue) => issue.path);
}

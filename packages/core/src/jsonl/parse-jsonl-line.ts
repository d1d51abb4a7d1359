import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { parseWithSchema } from '../schemas/zod-issues';

/** Options of {@link parseJsonlLine}. */
export interface ParseJsonlLineOptions<Schema extends z.ZodType> {
  /** The zod schema every record must match. */
  schema: Schema;
  /** A name for the schema in error messages, e.g. `TaskInstance`. Default: `record`. */
  schemaName?: string;
  /** The file the line came from, for error messages. */
  file?: string;
  /** The 1-based line number in `file`, for error messages. */
  line?: number;
}

/**
 * Parses one JSONL line (without its newline) and validates it with `schema`.
 *
 * @returns the schema's output for the line.
 * @throws {ValidationError} when the line is not JSON (the message says what `JSON.parse`
 *   said) or does not match the schema (the message lists every zod path); both name the
 *   file and 1-based line when given, e.g. `tasks.jsonl:17: invalid TaskInstance:`.
 */
export function parseJsonlLine<Schema extends z.ZodType>(
  text: string,
  { schema, schemaName, file, line }: ParseJsonlLineOptions<Schema>,
): z.output<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = file ? `${file}${line === undefined ? '' : `:${line}`}: ` : '';
    throw new ValidationError({
      message: `${where}invalid JSON (expected one ${schemaName ?? 'record'} per line): ${reason}`,
      issues: [{ path: '', message: `invalid JSON: ${reason}` }],
      file,
      line,
      schema: schemaName,
      cause: error,
    });
  }
  return parseWithSchema(schema, value, { file, line, schema: schemaName });
}

import { SwespotError } from './swespot-error';

const name = 'SwespotValidationError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/** One schema problem in a record: the path inside the record and the message. */
export interface ValidationIssue {
  /** Path inside the record, e.g. `steps.3.action`; empty for the record itself. */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * A record (read from disk, received from an API, or about to be written) does not match
 * its schema. Names the file and line when the record came from a file.
 */
export class ValidationError extends SwespotError {
  private readonly [symbol] = true;
  /** Every schema problem found in the record. */
  readonly issues: readonly ValidationIssue[];
  /** The file the record came from or was going to. */
  readonly file: string | undefined;
  /** The 1-based line in `file`. */
  readonly line: number | undefined;
  /** The name of the schema the record failed, e.g. `TaskInstance`. */
  readonly schema: string | undefined;

  constructor({
    message,
    issues,
    file,
    line,
    schema,
    cause,
  }: {
    message?: string;
    issues: readonly ValidationIssue[];
    file?: string;
    line?: number;
    schema?: string;
    cause?: unknown;
  }) {
    const where = file ? `${file}${line === undefined ? '' : `:${line}`}: ` : '';
    super({
      message:
        message ??
        `${where}invalid ${schema ?? 'record'}:\n${issues
          .map((issue) => `  ${issue.path || '(record)'}: ${issue.message}`)
          .join('\n')}`,
      cause,
    });
    this.name = name;
    this.issues = issues;
    this.file = file;
    this.line = line;
    this.schema = schema;
  }

  static override isInstance(error: unknown): error is ValidationError {
    return SwespotError.hasMarker(error, marker);
  }
}

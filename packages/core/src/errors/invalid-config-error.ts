import { SwespotError } from './swespot-error';

const name = 'SwespotInvalidConfigError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/** One problem found in a configuration: where (`path.to.field`) and what. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `sandbox.docker.memoryMb`; empty for the whole document. */
  path: string;
  /** What is wrong with the field and, where it helps, what is expected. */
  message: string;
}

/**
 * A configuration (a config file, factory settings, CLI flags) failed validation.
 * Every issue is collected, so a user fixes them all at once.
 */
export class InvalidConfigError extends SwespotError {
  private readonly [symbol] = true;
  /** Every problem found, in document order. */
  readonly issues: readonly ConfigIssue[];
  /** The file the configuration came from, when it came from a file. */
  readonly file: string | undefined;

  constructor({
    message,
    issues,
    file,
    cause,
  }: {
    message?: string;
    issues: readonly ConfigIssue[];
    file?: string;
    cause?: unknown;
  }) {
    super({
      message:
        message ??
        `Invalid configuration${file ? ` in ${file}` : ''}:\n${issues
          .map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`)
          .join('\n')}`,
      cause,
    });
    this.name = name;
    this.issues = issues;
    this.file = file;
  }

  static override isInstance(error: unknown): error is InvalidConfigError {
    return SwespotError.hasMarker(error, marker);
  }
}

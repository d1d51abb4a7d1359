import { SwespotError } from '@swespot/core';

const name = 'SwespotEnvironmentInferenceError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A repository's files do not say how to build an environment: no recognisable project
 * files, or a project file that does not parse (`file` and `line` name where).
 */
export class EnvironmentInferenceError extends SwespotError {
  private readonly [symbol] = true;
  /** The file at fault, relative to the repository root, when one is. */
  readonly file: string | undefined;
  /** The 1-based line in `file`, when known. */
  readonly line: number | undefined;

  constructor({ message, file, line, cause }: { message: string; file?: string; line?: number; cause?: unknown }) {
    super({ message, cause });
    this.name = name;
    this.file = file;
    this.line = line;
  }

  static override isInstance(error: unknown): error is EnvironmentInferenceError {
    return SwespotError.hasMarker(error, marker);
  }
}

import { SwespotError } from '@swespot/core';

const name = 'SwespotPatchRefusedError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A patch would write outside the workspace (an absolute path, `..`, a path through a
 * symbolic link, a link pointing out, or into `.git`), so nothing of it was applied.
 */
export class PatchRefusedError extends SwespotError {
  private readonly [symbol] = true;
  /** The offending path as the patch writes it. */
  readonly path: string;
  /** 1-based line of the patch where the file's header starts. */
  readonly line: number;

  constructor({ message, path, line, cause }: { message: string; path: string; line: number; cause?: unknown }) {
    super({ message, cause });
    this.name = name;
    this.path = path;
    this.line = line;
  }

  static override isInstance(error: unknown): error is PatchRefusedError {
    return SwespotError.hasMarker(error, marker);
  }
}

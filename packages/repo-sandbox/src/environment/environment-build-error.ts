import { SwespotError } from '@swespot/core';

const name = 'SwespotEnvironmentBuildError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/** The build step that failed. */
export type EnvironmentBuildStep = 'base' | 'index' | 'dependencies' | 'repository' | 'baseline';

/** Building an environment failed: `step` names the layer, the message ends with the last lines of its log. */
export class EnvironmentBuildError extends SwespotError {
  private readonly [symbol] = true;
  /** The step that failed. */
  readonly step: EnvironmentBuildStep;

  constructor({ message, step, cause }: { message: string; step: EnvironmentBuildStep; cause?: unknown }) {
    super({ message, cause });
    this.name = name;
    this.step = step;
  }

  static override isInstance(error: unknown): error is EnvironmentBuildError {
    return SwespotError.hasMarker(error, marker);
  }
}

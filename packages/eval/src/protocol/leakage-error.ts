import { SwespotError } from '@swespot/core';
import type { Leak } from './check-leakage';

const name = 'SwespotLeakageError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Training records share an instance, a pull request or a commit with the evaluation set, so
 * the evaluation would measure memory, not skill. Carries every leak found.
 */
export class LeakageError extends SwespotError {
  private readonly [symbol] = true;
  /** The leaks {@link checkLeakage} found. */
  readonly leaks: readonly Leak[];

  constructor({ leaks, cause }: { leaks: readonly Leak[]; cause?: unknown }) {
    const shown = leaks.slice(0, 10).map((leak) => `  ${leak.kind}: ${leak.training} shares ${leak.shared} with ${leak.evalId}`);
    const more = leaks.length > shown.length ? [`  ... and ${leaks.length - shown.length} more`] : [];
    super({
      message: `${leaks.length} training record(s) overlap the evaluation set:\n${[...shown, ...more].join('\n')}\nRemove them from the training data, drop those instances (a later --cutoff), or pass allowLeakage (--allow-leakage) to evaluate anyway.`,
      cause,
    });
    this.name = name;
    this.leaks = leaks;
  }

  static override isInstance(error: unknown): error is LeakageError {
    return SwespotError.hasMarker(error, marker);
  }
}

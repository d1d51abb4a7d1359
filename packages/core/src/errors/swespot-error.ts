const marker = 'swespot.error';
const symbol = Symbol.for(marker);

/** Options every swespot error takes. */
export interface SwespotErrorOptions {
  /** What failed and how to fix it, naming the option or variable to change. */
  message: string;
  /** The error that caused this one, kept for debugging. */
  cause?: unknown;
}

/**
 * The base class of every error swespot throws.
 *
 * Use `SwespotError.isInstance(error)` (and each subclass's `isInstance`) rather than
 * `instanceof`: the check is a `Symbol.for` marker, so it holds even when two copies of
 * `@swespot/core` are installed side by side.
 *
 * @example
 * ```ts
 * try { await run(); } catch (error) {
 *   if (ApiCallError.isInstance(error) && error.isRetryable) retry();
 * }
 * ```
 */
export class SwespotError extends Error {
  private readonly [symbol] = true;

  constructor({ message, cause }: SwespotErrorOptions & { name?: string }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SwespotError';
  }

  /** True when `error` is a swespot error of any kind, from any copy of core. */
  static isInstance(error: unknown): error is SwespotError {
    return SwespotError.hasMarker(error, marker);
  }

  /** True when `error` carries the `Symbol.for(marker)` property set by a swespot error class. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}

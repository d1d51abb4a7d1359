import { ApiCallError } from '../errors/api-call-error';

/** How failed calls are retried. Every field is optional; see each default. */
export interface RetrySettings {
  /** Retries after the first attempt (so at most `maxRetries + 1` requests). Default: 2. */
  readonly maxRetries?: number;
  /** Base delay before the first retry, in milliseconds. Default: 500. */
  readonly initialDelayMs?: number;
  /** Upper bound of the exponential delay, in milliseconds. Default: 8000. */
  readonly maxDelayMs?: number;
  /** Growth of the delay per retry. Default: 2. */
  readonly backoffFactor?: number;
  /**
   * Longest server-requested wait (`Retry-After`) that is honoured, in milliseconds; a
   * longer one ends the retries with the error at once. Default: 60000.
   */
  readonly maxRetryAfterMs?: number;
}

/** Told to `onRetry` before each wait. */
export interface RetryEvent {
  /** The retry about to happen, 1 for the first retry. */
  readonly retry: number;
  /** How long the wait is, in milliseconds. */
  readonly delayMs: number;
  /** Whether the delay came from the server (`Retry-After`) rather than the backoff. */
  readonly fromRetryAfter: boolean;
  /** The error of the attempt that failed. */
  readonly error: ApiCallError;
}

/** Options of {@link retryWithBackoff}. */
export interface RetryWithBackoffOptions {
  readonly settings?: RetrySettings;
  /** Stops waiting and retrying; the promise rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
  /** Called before each wait, e.g. to log rate limiting. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Source of jitter in [0, 1). Default: `Math.random`. */
  readonly random?: () => number;
}

/** The retry settings with every default filled in. */
export function resolveRetrySettings(settings: RetrySettings = {}): Required<RetrySettings> {
  return {
    maxRetries: settings.maxRetries ?? 2,
    initialDelayMs: settings.initialDelayMs ?? 500,
    maxDelayMs: settings.maxDelayMs ?? 8000,
    backoffFactor: settings.backoffFactor ?? 2,
    maxRetryAfterMs: settings.maxRetryAfterMs ?? 60_000,
  };
}

/**
 * The wait before retry number `retry` (1-based), in milliseconds, or `undefined` when the
 * server asked for a wait longer than `maxRetryAfterMs`.
 *
 * Exponential backoff with equal jitter: half of `min(maxDelayMs, initialDelayMs ×
 * backoffFactor^(retry-1))` plus a random share of the other half, so concurrent clients
 * spread out. A server-requested wait (`retryAfterSeconds`) is never shortened; up to 10%
 * is added so that clients told the same instant do not return together.
 */
export function computeRetryDelay(
  error: ApiCallError,
  retry: number,
  settings: Required<RetrySettings>,
  random: () => number = Math.random,
): { delayMs: number; fromRetryAfter: boolean } | undefined {
  if (error.retryAfterSeconds !== undefined) {
    const requestedMs = Math.max(0, error.retryAfterSeconds * 1000);
    if (requestedMs > settings.maxRetryAfterMs) return undefined;
    return { delayMs: requestedMs * (1 + 0.1 * random()), fromRetryAfter: true };
  }
  const exponential = Math.min(
    settings.maxDelayMs,
    settings.initialDelayMs * settings.backoffFactor ** Math.max(0, retry - 1),
  );
  return { delayMs: exponential / 2 + (exponential / 2) * random(), fromRetryAfter: false };
}

/**
 * Runs `attempt` and retries it while it fails with a retryable `ApiCallError`
 * (408, 409, 429, 5xx, network errors and timeouts, as the error's `isRetryable` says),
 * waiting between attempts as {@link computeRetryDelay} says. Any other error, an abort,
 * or the last failure is thrown; the last failure's message then says how many attempts
 * were made.
 */
export async function retryWithBackoff<Result>(
  attempt: (attemptNumber: number) => Promise<Result>,
  options: RetryWithBackoffOptions = {},
): Promise<Result> {
  const settings = resolveRetrySettings(options.settings);
  const random = options.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    options.abortSignal?.throwIfAborted();
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      options.abortSignal?.throwIfAborted();
      if (!ApiCallError.isInstance(error) || !error.isRetryable) throw error;
      if (attemptNumber > settings.maxRetries) {
        throw settings.maxRetries === 0 ? error : withSuffix(error, `(gave up after ${attemptNumber} attempts)`);
      }
      const delay = computeRetryDelay(error, attemptNumber, settings, random);
      if (delay === undefined) {
        throw withSuffix(
          error,
          `(not retried: the server asked to wait ${error.retryAfterSeconds} s, more than retry.maxRetryAfterMs = ${settings.maxRetryAfterMs} ms)`,
        );
      }
      options.onRetry?.({ retry: attemptNumber, delayMs: delay.delayMs, fromRetryAfter: delay.fromRetryAfter, error });
      await sleep(delay.delayMs, options.abortSignal);
    }
  }
}

function withSuffix(error: ApiCallError, suffix: string): ApiCallError {
  return new ApiCallError({
    message: `${error.message} ${suffix}`,
    url: error.url,
    statusCode: error.statusCode,
    responseBody: error.responseBody,
    isRetryable: error.isRetryable,
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  });
}

function sleep(delayMs: number, abortSignal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(abortSignal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortSignal?.reason);
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });
}

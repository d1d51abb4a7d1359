/** Options of {@link runWithTimeout}. */
export interface RunWithTimeoutOptions {
  /** Milliseconds before the attempt is cancelled; `undefined` or `Infinity` for no limit. */
  readonly timeoutMs: number | undefined;
  /** The caller's signal; when it fires, the promise rejects with its reason. */
  readonly abortSignal?: AbortSignal;
  /** The error to reject with when the time runs out. */
  readonly onTimeout: (cause: unknown) => Error;
}

/**
 * Runs one attempt with a signal that fires on the caller's abort or after `timeoutMs`,
 * whichever comes first, and tells the two apart however the SDK reports the cancellation:
 * an abort rejects with the caller's reason, a timeout with `onTimeout(error)`. The timer
 * covers the whole attempt, body included (an SDK's own timeout may stop at the headers).
 */
export async function runWithTimeout<Result>(
  run: (signal: AbortSignal) => Promise<Result>,
  options: RunWithTimeoutOptions,
): Promise<Result> {
  const { abortSignal, timeoutMs } = options;
  abortSignal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined || !Number.isFinite(timeoutMs)
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  const onAbort = () => controller.abort(abortSignal?.reason);
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(controller.signal);
  } catch (error) {
    abortSignal?.throwIfAborted();
    if (timedOut) throw options.onTimeout(error);
    throw error;
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
  }
}

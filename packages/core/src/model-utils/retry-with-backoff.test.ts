import { ApiCallError } from '../errors/api-call-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { describe, expect, it } from 'vitest';
import { computeRetryDelay, resolveRetrySettings, retryWithBackoff } from './retry-with-backoff';

const settings = resolveRetrySettings({ initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 });

describe('computeRetryDelay', () => {
  it('doubles the base and keeps each wait between half the base and the base', () => {
    const error = new ApiCallError({ message: 'boom', statusCode: 500 });
    expect(computeRetryDelay(error, 1, settings, () => 0)).toEqual({ delayMs: 50, fromRetryAfter: false });
    expect(computeRetryDelay(error, 1, settings, () => 0.999)?.delayMs).toBeCloseTo(99.95, 5);
    expect(computeRetryDelay(error, 3, settings, () => 0)?.delayMs).toBe(200);
    expect(computeRetryDelay(error, 10, settings, () => 1)?.delayMs).toBe(1000);
  });

  it('never shortens a server-requested wait and refuses one above the cap', () => {
    const error = new ApiCallError({ message: 'slow down', statusCode: 429, retryAfterSeconds: 2 });
    expect(computeRetryDelay(error, 1, settings, () => 0)).toEqual({ delayMs: 2000, fromRetryAfter: true });
    expect(computeRetryDelay(error, 1, settings, () => 1)?.delayMs).toBeCloseTo(2200, 5);
    const tooLong = new ApiCallError({ message: 'later', statusCode: 429, retryAfterSeconds: 6 });
    expect(computeRetryDelay(tooLong, 1, settings)).toBeUndefined();
  });
});

describe('retryWithBackoff', () => {
  it('throws a non-retryable error at once and other errors unchanged', async () => {
    let attempts = 0;
    const fatal = new ApiCallError({ message: 'bad request', statusCode: 400 });
    await expect(
      retryWithBackoff(async () => {
        attempts += 1;
        throw fatal;
      }),
    ).rejects.toBe(fatal);
    expect(attempts).toBe(1);
    const other = new InvalidArgumentError({ argument: 'x', message: 'x: wrong' });
    await expect(retryWithBackoff(async () => Promise.reject(other))).rejects.toBe(other);
  });

  it('returns the first success and reports each retry', async () => {
    const events: number[] = [];
    const result = await retryWithBackoff(
      async (attempt) => {
        if (attempt < 3) throw new ApiCallError({ message: 'busy', statusCode: 503 });
        return `done on ${attempt}`;
      },
      { settings: { initialDelayMs: 1 }, onRetry: (event) => events.push(event.retry) },
    );
    expect(result).toBe('done on 3');
    expect(events).toEqual([1, 2]);
  });
});

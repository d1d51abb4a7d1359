import { ApiError } from '@google/genai';
import { ApiCallError, isRetryableStatus, parseRetryAfter, redactSecret } from '@swespot/core';
import type { AttemptFailure } from './create-attempt-fetch';

/** What {@link toGoogleApiCallError} needs besides the error. */
export interface GoogleErrorContext {
  /** The endpoint called, e.g. `https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent`. */
  readonly url: string;
  /** The provider's name for messages, e.g. `google`. */
  readonly provider: string;
  /** The key sent, so that it can be redacted if the server echoed it. */
  readonly apiKey: string | undefined;
  /** What the attempt's `fetch` saw. */
  readonly failure: AttemptFailure;
}

/**
 * The wait a Gemini error asks for, in seconds, from its `google.rpc.RetryInfo` detail
 * (`"retryDelay": "37s"`), which is how the Gemini API says when to retry a 429.
 */
export function parseGoogleRetryDelay(body: string | undefined): number | undefined {
  if (body === undefined) return undefined;
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return match?.[1] === undefined ? undefined : Number.parseFloat(match[1]);
}

/**
 * Translates an error of `@google/genai` (or of the `fetch` under it) into core's
 * `ApiCallError`: status, raw response body, retryability (408/409/429/5xx and network
 * errors) and the server's wait (`Retry-After`, else the body's `RetryInfo`). The API key
 * never appears in the result. Other errors are returned unchanged.
 */
export function toGoogleApiCallError(error: unknown, context: GoogleErrorContext): unknown {
  const { url, provider, failure } = context;
  if (failure.networkError !== undefined && failure.response === undefined) {
    return new ApiCallError({
      message: redactSecret(`${provider} request to ${url} failed before a response: ${describeNetworkError(failure.networkError)}.`, context.apiKey),
      url,
      isRetryable: true,
    });
  }
  if (!(error instanceof ApiError) && failure.response === undefined) return error;
  const statusCode = failure.response?.status ?? (error as ApiError).status;
  const responseBody = redactSecret(failure.response?.body ?? (error as Error).message, context.apiKey);
  const retryAfterSeconds = parseRetryAfter(failure.response?.headers) ?? parseGoogleRetryDelay(responseBody);
  return new ApiCallError({
    message: redactSecret(`${provider} API call to ${url} failed with status ${statusCode}: ${responseBody}`, context.apiKey),
    url,
    statusCode,
    responseBody,
    isRetryable: isRetryableStatus(statusCode),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  return [error.message, typeof cause?.message === 'string' ? cause.message : undefined, typeof cause?.code === 'string' ? cause.code : undefined]
    .filter(Boolean)
    .join(': ');
}

import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ApiCallError, isRetryableStatus, parseRetryAfter, readHeader, redactSecret } from '@swespot/core';

/** What {@link toOpenAIApiCallError} needs besides the error. */
export interface OpenAIErrorContext {
  /** The endpoint called, e.g. `http://127.0.0.1:8000/v1/chat/completions`. */
  readonly url: string;
  /** The provider's name for messages, e.g. `openai` or `vllm`. */
  readonly provider: string;
  /** The key sent, so that it can be redacted if the server echoed it. */
  readonly apiKey: string | undefined;
  /** The raw body of a failed response, from its `Headers` object. */
  readonly bodyOf: (headers: unknown) => string | undefined;
}

/**
 * Translates an error of the `openai` SDK into core's `ApiCallError`: status, raw response
 * body, retryability (408/409/429/5xx and network errors, overridden by the server's
 * `x-should-retry` header) and `Retry-After`. The API key never appears in the result.
 * Errors that are not the SDK's are returned unchanged.
 */
export function toOpenAIApiCallError(error: unknown, context: OpenAIErrorContext): unknown {
  if (!(error instanceof APIError)) return error;
  const { url, provider } = context;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIConnectionError) {
    const reason = error instanceof APIConnectionTimeoutError ? 'timed out' : describeCause(error.cause);
    return new ApiCallError({
      message: redactSecret(`${provider} request to ${url} failed before a response: ${reason}.`, context.apiKey),
      url,
      isRetryable: true,
    });
  }
  const statusCode = error.status;
  const responseBody = redactSecret(
    context.bodyOf(error.headers) ?? (error.error === undefined ? undefined : JSON.stringify({ error: error.error })),
    context.apiKey,
  );
  const shouldRetry = readHeader(error.headers, 'x-should-retry');
  const isRetryable = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : isRetryableStatus(statusCode);
  return new ApiCallError({
    message: redactSecret(
      `${provider} API call to ${url} failed with status ${statusCode ?? 'unknown'}: ${responseBody ?? error.message}`,
      context.apiKey,
    ),
    url,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(responseBody === undefined ? {} : { responseBody }),
    isRetryable,
    ...retryAfterField(parseRetryAfter(error.headers)),
  });
}

function retryAfterField(seconds: number | undefined): { retryAfterSeconds?: number } {
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return 'network error';
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  const innerMessage = cause.cause instanceof Error ? cause.cause.message : undefined;
  return [cause.message, innerMessage, typeof code === 'string' ? code : undefined].filter(Boolean).join(': ');
}

import { SwespotError } from './swespot-error';

const name = 'SwespotApiCallError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/** HTTP statuses that are worth retrying: timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode === undefined) return true;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

/**
 * A call to a model provider's API failed. Model packages translate their SDK's errors
 * into this one, so SDK error types never cross a package boundary.
 *
 * It never holds the API key: `url` is the endpoint only, and response bodies are the
 * provider's reply.
 */
export class ApiCallError extends SwespotError {
  private readonly [symbol] = true;
  /** The endpoint called, without credentials or query secrets. */
  readonly url: string | undefined;
  /** The HTTP status, or `undefined` for a network error or timeout before a response. */
  readonly statusCode: number | undefined;
  /** The response body as text, when one arrived. */
  readonly responseBody: string | undefined;
  /** Whether retrying the same request may succeed. Defaults from `statusCode` (408, 409, 429, 5xx, network errors). */
  readonly isRetryable: boolean;
  /** Seconds the server asked to wait before retrying (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor({
    message,
    url,
    statusCode,
    responseBody,
    isRetryable,
    retryAfterSeconds,
    cause,
  }: {
    message: string;
    url?: string;
    statusCode?: number;
    responseBody?: string;
    isRetryable?: boolean;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super({ message, cause });
    this.name = name;
    this.url = url;
    this.statusCode = statusCode;
    this.responseBody = responseBody;
    this.isRetryable = isRetryable ?? isRetryableStatus(statusCode);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return SwespotError.hasMarker(error, marker);
  }
}

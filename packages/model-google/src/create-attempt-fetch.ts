/** What the last response of one attempt looked like, when it failed. */
export interface AttemptFailure {
  /** The status of a non-2xx response, with its headers and raw body. */
  response?: { readonly status: number; readonly headers: Headers; readonly body: string | undefined };
  /** The error `fetch` itself threw (connection refused, reset, ...). */
  networkError?: unknown;
}

/**
 * A `fetch` for one attempt that records a failed response's headers and raw body, and a
 * network error, in `failure`. `@google/genai` keeps neither: its `ApiError` has only
 * the status and a JSON-encoded body, so `Retry-After` and non-JSON bodies would be lost.
 */
export function createAttemptFetch(baseFetch: typeof globalThis.fetch = globalThis.fetch): {
  readonly fetch: typeof globalThis.fetch;
  readonly failure: AttemptFailure;
} {
  const failure: AttemptFailure = {};
  const attemptFetch: typeof globalThis.fetch = async (input, init) => {
    let response: Response;
    try {
      response = await baseFetch(input, init);
    } catch (error) {
      failure.networkError = error;
      throw error;
    }
    if (!response.ok) {
      let body: string | undefined;
      try {
        body = await response.clone().text();
      } catch {
        body = undefined;
      }
      failure.response = { status: response.status, headers: response.headers, body };
    }
    return response;
  };
  return { fetch: attemptFetch, failure };
}

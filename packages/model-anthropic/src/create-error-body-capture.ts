// Duplicated in @swespot/model-anthropic and @swespot/model-openai (same layer). Keep the copies identical.

/** A `fetch` that remembers the raw body of every failed response; see {@link createErrorBodyCapture}. */
export interface ErrorBodyCapture {
  /** Pass this to the SDK as its `fetch`. */
  readonly fetch: typeof globalThis.fetch;
  /** The raw body of the failed response whose `Headers` object this is. */
  bodyOf(headers: unknown): string | undefined;
}

/**
 * Wraps `fetch` so that the raw text of each non-2xx response can be recovered from the
 * SDK's error. The Stainless SDKs (openai, @anthropic-ai/sdk) keep only the parsed
 * `error` member of a JSON body and drop bodies of other shapes, such as SGLang's
 * `{"object":"error","message":...}`; the error does keep the response's `Headers`
 * object, which keys the captured text here.
 */
export function createErrorBodyCapture(baseFetch: typeof globalThis.fetch = globalThis.fetch): ErrorBodyCapture {
  const bodies = new WeakMap<object, string>();
  const capturingFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.ok) {
      try {
        bodies.set(response.headers, await response.clone().text());
      } catch {
        // The body could not be read (connection dropped); the SDK reports that itself.
      }
    }
    return response;
  };
  return {
    fetch: capturingFetch,
    bodyOf: (headers) => (typeof headers === 'object' && headers !== null ? bodies.get(headers) : undefined),
  };
}

import { ApiCallError } from '../errors/api-call-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { z } from 'zod';
import { retryWithBackoff, type RetryEvent, type RetrySettings } from './retry-with-backoff';
import { runWithTimeout } from './run-with-timeout';

/** A retry about to happen, with the model it belongs to. */
export interface ModelRetryEvent extends RetryEvent {
  readonly provider: string;
  readonly modelId: string;
}

/** Options of {@link callWithRetries}. */
export interface CallWithRetriesOptions {
  /** The provider's name, for messages and retry events. */
  readonly provider: string;
  /** The model id, for retry events. */
  readonly modelId: string;
  /** The endpoint, for messages (never with credentials). */
  readonly url: string;
  /** Milliseconds one attempt may take, body included; `undefined` for no limit. */
  readonly timeoutMs: number | undefined;
  /** How failed attempts are retried. Default: see {@link RetrySettings}. */
  readonly retry?: RetrySettings | undefined;
  /** Called before each retry. */
  readonly onRetry?: ((event: ModelRetryEvent) => void) | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * One model API call as every `ModelV1` implementation makes it: each attempt runs under
 * its own timeout (a timeout is a retryable `ApiCallError` naming the `timeoutMs` setting),
 * and retryable failures are retried with jittered exponential backoff that honours
 * `Retry-After`. `attempt` gets the attempt's signal (caller's abort or timeout) and must
 * throw `ApiCallError` for failures it wants judged retryable.
 */
export function callWithRetries<Result>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<Result>,
  options: CallWithRetriesOptions,
): Promise<Result> {
  const { provider, modelId, url, timeoutMs, abortSignal } = options;
  return retryWithBackoff(
    (attemptNumber) =>
      runWithTimeout((signal) => attempt(signal, attemptNumber), {
        timeoutMs,
        ...(abortSignal === undefined ? {} : { abortSignal }),
        onTimeout: () =>
          new ApiCallError({
            message: `${provider} request to ${url} timed out after ${timeoutMs} ms. Raise the 'timeoutMs' setting if the model needs longer.`,
            url,
            isRetryable: true,
          }),
      }),
    {
      ...(options.retry === undefined ? {} : { settings: options.retry }),
      ...(abortSignal === undefined ? {} : { abortSignal }),
      onRetry: (event) => options.onRetry?.({ ...event, provider, modelId }),
    },
  );
}

/**
 * Reads a provider's entry of `ModelV1CallOptions.providerOptions`: the one keyed by the
 * model's provider name (e.g. `vllm`) or else by the package's own key (e.g. `openai`),
 * validated with `schema`. Every issue is reported as `providerOptions.<key>.<path>: message`.
 *
 * @returns the parsed options, or `undefined` when neither key is present.
 */
export function parseProviderOptions<Schema extends z.ZodType>(
  schema: Schema,
  providerOptions: Readonly<Record<string, unknown>> | undefined,
  keys: { readonly provider: string; readonly fallback: string },
): z.output<Schema> | undefined {
  const key = providerOptions?.[keys.provider] !== undefined ? keys.provider : keys.fallback;
  const value = providerOptions?.[key];
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `providerOptions.${key}${issue.path.length > 0 ? `.${issue.path.join('.')}` : ''}: ${issue.message}`,
  );
  throw new InvalidArgumentError({ argument: `providerOptions.${key}`, message: issues.join('\n') });
}

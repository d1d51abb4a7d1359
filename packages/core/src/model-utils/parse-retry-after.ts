/** Response headers as the SDKs expose them: a `Headers` object or a plain record. */
export type HeaderSource = Headers | Readonly<Record<string, string | string[] | undefined>> | undefined;

/**
 * The wait a server asked for, in seconds, from `retry-after-ms` (milliseconds; OpenAI and
 * Anthropic send it) or `retry-after` (seconds, or an HTTP date; see
 * https://developer.mozilla.org/docs/Web/HTTP/Headers/Retry-After). `undefined` when
 * neither is present or parseable. `now` is in milliseconds since the epoch.
 */
export function parseRetryAfter(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(readHeader(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds / 1000;
  const value = readHeader(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** One header's value, case-insensitively; the first when repeated. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

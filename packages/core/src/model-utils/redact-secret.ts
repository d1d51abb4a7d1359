/**
 * `text` with every occurrence of `secret` replaced by `[redacted]`, so a server that
 * echoes the API key back cannot put it into an error message or a log.
 */
export function redactSecret(text: string, secret: string | undefined): string;
export function redactSecret(text: string | undefined, secret: string | undefined): string | undefined;
export function redactSecret(text: string | undefined, secret: string | undefined): string | undefined {
  if (text === undefined || secret === undefined || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What {@link checkKnownHost} found for a server's host key. */
export type KnownHostVerdict =
  /** A line for this host lists this key. */
  | { readonly verdict: 'known' }
  /** No line names this host. */
  | { readonly verdict: 'unknown' }
  /** Lines name this host, none with this key: the server changed its key, or someone stands in between. */
  | { readonly verdict: 'changed'; readonly line: number }
  /** A `@revoked` line lists this key. */
  | { readonly verdict: 'revoked'; readonly line: number };

/** The name OpenSSH looks up in known_hosts: `host`, or `[host]:port` off port 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether one host pattern of a known_hosts line (`*.example.org`, `[10.0.0.?]:2222`, `|1|salt|hash`) matches `name`. */
function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const expression = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 'i').test(name);
}

/** Whether a comma-separated pattern list names `name` (a negated `!pattern` that matches wins). */
function patternsMatch(patterns: string, name: string): boolean {
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Checks an SSH server's host key against a known_hosts file as OpenSSH does: plain and hashed
 * (`HashKnownHosts`) names, `[host]:port` off port 22, wildcards and negations, `@revoked`
 * lines. `@cert-authority` lines are not read (host certificates are not checked). A missing
 * file knows no host.
 *
 * @param key The host key as the server sent it (SSH wire format, the base64 field of a line).
 * @example
 * ```ts
 * checkKnownHost({ file: `${homedir()}/.ssh/known_hosts`, host: 'build-box', port: 22, key });
 * // { verdict: 'known' }
 * ```
 */
export function checkKnownHost(options: { readonly file: string; readonly host: string; readonly port: number; readonly key: Buffer }): KnownHostVerdict {
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { verdict: 'unknown' };
    throw error;
  }
  const names = [knownHostName(options.host, options.port)];
  const key = options.key.toString('base64');
  let known = false;
  let changed: number | undefined;
  let revoked: number | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    const [patterns, , lineKey] = fields;
    if (patterns === undefined || lineKey === undefined || marker === '@cert-authority') continue;
    if (!names.some((name) => patternsMatch(patterns, name))) continue;
    if (marker === '@revoked') revoked ??= lineKey === key ? index + 1 : undefined;
    else if (lineKey === key) known = true;
    else changed ??= index + 1;
  }
  if (revoked !== undefined) return { verdict: 'revoked', line: revoked };
  if (known) return { verdict: 'known' };
  return changed === undefined ? { verdict: 'unknown' } : { verdict: 'changed', line: changed };
}

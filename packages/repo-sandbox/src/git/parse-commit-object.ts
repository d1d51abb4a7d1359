import type { GitCommitV1, GitSignatureV1 } from '@swespot/core';

/**
 * Parses a raw commit object (the bytes `git cat-file commit` prints) into a
 * {@link GitCommitV1}. Header continuation lines (`gpgsig`, `mergetag`) are skipped; the
 * message is decoded as UTF-8 with one trailing newline removed.
 */
export function parseCommitObject(sha: string, data: Uint8Array): GitCommitV1 {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const separator = buffer.indexOf('\n\n');
  const headerText = buffer.subarray(0, separator === -1 ? buffer.length : separator).toString('utf8');
  let message = separator === -1 ? '' : buffer.subarray(separator + 2).toString('utf8');
  if (message.endsWith('\n')) message = message.slice(0, -1);
  let tree = '';
  const parents: string[] = [];
  let author: GitSignatureV1 | undefined;
  let committer: GitSignatureV1 | undefined;
  for (const line of headerText.split('\n')) {
    if (line.startsWith(' ')) continue;
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseSignature(value);
    else if (key === 'committer') committer = parseSignature(value);
  }
  const unknown = parseSignature('');
  return { sha, parents, tree, author: author ?? unknown, committer: committer ?? author ?? unknown, message };
}

/**
 * Parses a signature line's value, `Name <email> 1700000000 +0200`, into a
 * {@link GitSignatureV1}. A malformed line gives empty fields and the epoch.
 */
export function parseSignature(value: string): GitSignatureV1 {
  const emailStart = value.lastIndexOf('<');
  const emailEnd = value.lastIndexOf('>');
  const name = emailStart === -1 ? '' : value.slice(0, emailStart).trim();
  const email = emailStart === -1 || emailEnd < emailStart ? '' : value.slice(emailStart + 1, emailEnd);
  const [timeText = '0', zoneText = '+0000'] = value.slice(emailEnd + 1).trim().split(/\s+/);
  const timestamp = Number.parseInt(timeText, 10);
  return signature(name, email, Number.isFinite(timestamp) ? timestamp : 0, parseTimezone(zoneText));
}

/** Builds a {@link GitSignatureV1} from its parts (`timestamp` in seconds since the epoch). */
export function signature(name: string, email: string, timestamp: number, timezoneOffsetMinutes: number): GitSignatureV1 {
  return { name, email, date: new Date(timestamp * 1000).toISOString(), timestamp, timezoneOffsetMinutes };
}

/** `+0200` → 120, `-0130` → -90; anything else → 0. */
export function parseTimezone(zone: string): number {
  const match = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/**
 * Quotes a path the way git prints it in patch headers with `core.quotePath=true`: as is
 * when it holds only printable ASCII other than `"` and `\`; otherwise in double quotes
 * with C escapes and octal bytes (`"a/\303\251t\303\251"`). `prefix` (`a/`, `b/`) goes
 * inside the quotes.
 */
export function quotePath(pathBytes: Uint8Array, prefix = ''): string {
  let needsQuotes = false;
  for (const byte of pathBytes) {
    if (byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f) {
      needsQuotes = true;
      break;
    }
  }
  if (!needsQuotes) return prefix + Buffer.from(pathBytes).toString('latin1');
  let quoted = `"${prefix}`;
  for (const byte of pathBytes) {
    const escape = ESCAPES[byte];
    if (escape) quoted += escape;
    else if (byte < 0x20 || byte >= 0x7f) quoted += `\\${byte.toString(8).padStart(3, '0')}`;
    else quoted += String.fromCharCode(byte);
  }
  return `${quoted}"`;
}

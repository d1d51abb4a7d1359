const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

/**
 * Decodes a path's bytes as UTF-8. Returns `{ path }` for valid UTF-8, and
 * `{ path, rawPath }` otherwise, where `path` has U+FFFD for each invalid sequence and
 * `rawPath` keeps the bytes.
 */
export function decodePath(bytes: Uint8Array): { path: string; rawPath?: Uint8Array } {
  try {
    return { path: strictDecoder.decode(bytes) };
  } catch {
    return { path: lenientDecoder.decode(bytes), rawPath: Uint8Array.from(bytes) };
  }
}

/** Decodes bytes as UTF-8 with U+FFFD for invalid sequences (what both git backends do with paths and text). */
export function decodeText(bytes: Uint8Array): string {
  return lenientDecoder.decode(bytes);
}

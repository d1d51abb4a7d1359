import { createHash } from 'node:crypto';

/** The git (SHA-1) blob id of `content`, as `git hash-object` prints it. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

/** Blob ids of byte arrays a source hashed as it read them; the arrays are not changed afterwards. */
const hashedByTheirSource = new WeakMap<Uint8Array, string>();

/**
 * Hashes bytes a source is about to return from `readFile`, and remembers the id, so that
 * {@link blobShaOfRead} does not hash them again. Internal: `content` must not be changed later.
 */
export function hashReadBytes(content: Uint8Array): string {
  const blobSha = gitBlobSha(content);
  hashedByTheirSource.set(content, blobSha);
  return blobSha;
}

/** The blob id of bytes a source returned: remembered by {@link hashReadBytes}, else computed. */
export function blobShaOfRead(content: Uint8Array): string {
  return hashedByTheirSource.get(content) ?? gitBlobSha(content);
}

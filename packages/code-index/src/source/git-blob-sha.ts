import { createHash } from 'node:crypto';

/** The git (SHA-1) blob id of `content`, as `git hash-object` prints it. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { canonicalJson } from './canonical-json';

/** Options of {@link stableId}. */
export interface StableIdOptions {
  /** Put before the hash with a `-`, e.g. `fim` → `fim-3f9a…`. Must be `[a-z0-9._-]+`. Default: none. */
  readonly prefix?: string;
  /** Hex characters of the SHA-256 kept, 8–64. Default: 16 (64 bits: collisions are negligible below ~10^8 ids). */
  readonly length?: number;
}

/**
 * A content-hash id: the SHA-256 of the value's {@link canonicalJson}, in hex, cut to
 * `length`. The same content gives the same id on every machine and in every run, so a
 * re-run of a generator recognises what it already wrote (the JSONL writer skips it).
 *
 * @example
 * ```ts
 * stableId({ repo: 'astropy/astropy', file: 'a.py', start: 10 }, { prefix: 'fim' }); // 'fim-…'
 * ```
 */
export function stableId(value: unknown, options: StableIdOptions = {}): string {
  const { prefix, length = 16 } = options;
  if (!Number.isInteger(length) || length < 8 || length > 64) {
    throw new InvalidArgumentError({ argument: 'length', message: `stableId: 'length' must be a whole number from 8 to 64, got ${length}.` });
  }
  if (prefix !== undefined && !/^[a-z0-9._-]+$/.test(prefix)) {
    throw new InvalidArgumentError({ argument: 'prefix', message: `stableId: 'prefix' must match [a-z0-9._-]+, got '${prefix}'.` });
  }
  const hash = createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
  return prefix === undefined ? hash : `${prefix}-${hash}`;
}

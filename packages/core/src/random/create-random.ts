import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * A seeded pseudo-random generator. Every method draws from one stream, so the same
 * seed and the same calls give the same results on every platform and Node version
 * (32-bit integer arithmetic only; no `Math.random`).
 */
export interface Random {
  /** The seed this generator (or fork) was made from. */
  readonly seed: string;
  /** A float in [0, 1) with 53 random bits. */
  next(): number;
  /** An unsigned 32-bit integer. */
  nextUint32(): number;
  /** An integer in [min, max] (both inclusive), without modulo bias. */
  integer(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** One element, uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element with probability proportional to its weight (weights ≥ 0, not all 0). */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct elements in random order (all of them when `count` ≥ length). */
  sample<T>(items: readonly T[], count: number): T[];
  /**
   * `count` distinct elements drawn without replacement with probability proportional to
   * weight (Efraimidis–Spirakis keys); zero-weight items are never drawn.
   */
  weightedSample<T>(items: readonly T[], weights: readonly number[], count: number): T[];
  /**
   * An independent generator derived from this one's seed and `label`, not from how much
   * of this stream was used: `random.fork('fim')` is the same however many draws came before.
   */
  fork(label: string): Random;
}

/**
 * Creates a seeded generator (xoshiro128**, seeded from the SHA-256 of the seed's text).
 * Numbers and strings are seeded by their text, so `42` and `'42'` give the same stream.
 *
 * @example
 * ```ts
 * const random = createRandom(7);
 * random.shuffle(['a', 'b', 'c']); // the same order on every machine
 * ```
 */
export function createRandom(seed: number | string): Random {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new InvalidArgumentError({ argument: 'seed', message: `createRandom: 'seed' must be a finite number or a string, got ${seed}.` });
  }
  return new Xoshiro128(String(seed));
}

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

/**
 * A generator started from an explicit xoshiro128** state, for checking the algorithm
 * against the reference implementation. Not part of the public API.
 * @internal
 */
export function createRandomFromState(state: readonly [number, number, number, number]): Random {
  const random = new Xoshiro128('state');
  random.setState(state);
  return random;
}

class Xoshiro128 implements Random {
  readonly seed: string;
  private readonly state: Uint32Array;

  setState(state: readonly [number, number, number, number]): void {
    this.state.set(state);
  }

  constructor(seed: string) {
    this.seed = seed;
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    this.state = new Uint32Array([
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ]);
    // xoshiro must not start from an all-zero state.
    if (this.state.every((word) => word === 0)) this.state[0] = 0x9e3779b9;
  }

  nextUint32(): number {
    const state = this.state;
    let s0 = state[0]!;
    let s1 = state[1]!;
    let s2 = state[2]!;
    let s3 = state[3]!;
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotateLeft(s3, 11);
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    return result;
  }

  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  integer(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new InvalidArgumentError({ argument: 'min', message: `integer(min, max) needs whole numbers with min ≤ max, got ${min} and ${max}.` });
    }
    const range = max - min + 1;
    if (range <= 0x1_0000_0000) {
      // Rejection sampling over the largest multiple of `range` below 2^32: no modulo bias.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % range);
      let value = this.nextUint32();
      while (value >= limit) value = this.nextUint32();
      return min + (value % range);
    }
    return min + Math.floor(this.next() * range);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidArgumentError({ argument: 'items', message: 'pick() needs at least one item.' });
    return items[this.integer(0, items.length - 1)]!;
  }

  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    const total = checkWeights(items, weights);
    let target = this.next() * total;
    for (let index = 0; index < items.length; index++) {
      target -= weights[index]!;
      if (target < 0) return items[index]!;
    }
    // Floating-point rounding can leave target at ~0: return the last positive-weight item.
    for (let index = items.length - 1; index >= 0; index--) if (weights[index]! > 0) return items[index]!;
    throw new InvalidArgumentError({ argument: 'weights', message: 'weightedPick() needs at least one positive weight.' });
  }

  shuffle<T>(items: readonly T[]): T[] {
    const result = items.slice();
    for (let index = result.length - 1; index > 0; index--) {
      const other = this.integer(0, index);
      [result[index], result[other]] = [result[other]!, result[index]!];
    }
    return result;
  }

  sample<T>(items: readonly T[], count: number): T[] {
    const result = items.slice();
    const take = Math.max(0, Math.min(count, result.length));
    // Partial Fisher–Yates: only the first `take` positions are drawn.
    for (let index = 0; index < take; index++) {
      const other = this.integer(index, result.length - 1);
      [result[index], result[other]] = [result[other]!, result[index]!];
    }
    return result.slice(0, take);
  }

  weightedSample<T>(items: readonly T[], weights: readonly number[], count: number): T[] {
    checkWeights(items, weights);
    const keyed: { item: T; key: number }[] = [];
    for (let index = 0; index < items.length; index++) {
      const weight = weights[index]!;
      const uniform = this.next();
      if (weight > 0) keyed.push({ item: items[index]!, key: Math.log(1 - uniform) / weight });
    }
    // Largest key first: log(1-u)/w is ≤ 0, closer to 0 for heavier items.
    keyed.sort((left, right) => right.key - left.key);
    return keyed.slice(0, Math.max(0, count)).map((entry) => entry.item);
  }

  fork(label: string): Random {
    return new Xoshiro128(`${this.seed}/${label}`);
  }
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function checkWeights(items: readonly unknown[], weights: readonly number[]): number {
  if (items.length !== weights.length) {
    throw new InvalidArgumentError({ argument: 'weights', message: `Need one weight per item: ${items.length} items, ${weights.length} weights.` });
  }
  let total = 0;
  for (const weight of weights) {
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new InvalidArgumentError({ argument: 'weights', message: `Weights must be finite and ≥ 0, got ${weight}.` });
    }
    total += weight;
  }
  if (total <= 0) throw new InvalidArgumentError({ argument: 'weights', message: 'At least one weight must be positive.' });
  return total;
}

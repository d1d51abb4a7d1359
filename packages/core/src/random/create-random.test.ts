import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { createRandom, createRandomFromState } from './create-random';

describe('createRandom', () => {
  it('matches the reference xoshiro128** implementation (Blackman & Vigna) from known states', () => {
    // Printed by the published C reference, compiled with gcc, for these two start states.
    const fromOneToFour = createRandomFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 8 }, () => fromOneToFour.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
    const fromWords = createRandomFromState([0xdeadbeef, 0x01234567, 0x89abcdef, 0xfeedface]);
    expect(Array.from({ length: 8 }, () => fromWords.nextUint32())).toEqual([
      2576977298, 1162350735, 3441682048, 1347432117, 3370940770, 2425394401, 2995947402, 4086362962,
    ]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const first = createRandom('swespot');
    const second = createRandom('swespot');
    const other = createRandom('swespot!');
    const draws = (random: ReturnType<typeof createRandom>) => Array.from({ length: 100 }, () => random.nextUint32());
    const firstDraws = draws(first);
    expect(draws(second)).toEqual(firstDraws);
    expect(draws(other)).not.toEqual(firstDraws);
    expect(createRandom(42).next()).toBe(createRandom('42').next());
  });

  it('draws floats in [0, 1) and integers in range with every value reachable', () => {
    const random = createRandom(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const value = random.integer(-2, 3);
      counts.set(value, (counts.get(value) ?? 0) + 1);
      const float = random.next();
      expect(float).toBeGreaterThanOrEqual(0);
      expect(float).toBeLessThan(1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    // Each of 6 values expected 1000 times; a biased generator drifts far from that.
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
    expect(() => random.integer(3, 1)).toThrow(InvalidArgumentError);
  });

  it('shuffles into a permutation and samples distinct items', () => {
    const random = createRandom('shuffle');
    const items = Array.from({ length: 50 }, (_, index) => index);
    const shuffled = random.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    const sample = random.sample(items, 10);
    expect(new Set(sample).size).toBe(10);
    expect(random.sample(items, 80)).toHaveLength(50);
  });

  it('weights picks and samples by weight and never draws zero weights', () => {
    const random = createRandom('weights');
    let heavy = 0;
    for (let i = 0; i < 2000; i++) if (random.weightedPick(['light', 'heavy', 'never'], [1, 9, 0]) === 'heavy') heavy++;
    expect(heavy / 2000).toBeGreaterThan(0.85);
    expect(heavy / 2000).toBeLessThan(0.95);
    for (let i = 0; i < 200; i++) {
      const sample = random.weightedSample(['a', 'b', 'c', 'zero'], [5, 1, 1, 0], 3);
      expect(sample).toHaveLength(3);
      expect(sample).not.toContain('zero');
    }
    expect(() => random.weightedPick(['a'], [0])).toThrow(/positive/);
    expect(() => random.weightedPick(['a', 'b'], [1])).toThrow(/one weight per item/);
  });

  it('forks by label independently of how much of the parent stream was used', () => {
    const fresh = createRandom(9);
    const used = createRandom(9);
    for (let i = 0; i < 17; i++) used.next();
    expect(used.fork('fim').nextUint32()).toBe(fresh.fork('fim').nextUint32());
    expect(fresh.fork('fim').nextUint32()).not.toBe(fresh.fork('design').nextUint32());
    expect(fresh.fork('fim').seed).toBe('9/fim');
  });
});

import { InvalidArgumentError } from '@swespot/core';

/**
 * Splits items into `stages` curriculum stages by difficulty, easiest first (SWE-Lego sorts
 * trajectories by length and trains on each tier in turn): items are sorted by `scoreOf`
 * (ties keep their input order) and cut into stages of equal size (the first stages get one
 * more when the count does not divide). One stage returns all items in input order.
 */
export function assignCurriculumStages<Item>(items: readonly Item[], stages: number, scoreOf: (item: Item) => number): Item[][] {
  if (!Number.isInteger(stages) || stages < 1) {
    throw new InvalidArgumentError({ argument: 'stages', message: `curriculum stages must be a whole number of 1 or more, got ${stages}` });
  }
  if (stages === 1) return [[...items]];
  const sorted = items
    .map((item, position) => ({ item, position, score: scoreOf(item) }))
    .sort((left, right) => left.score - right.score || left.position - right.position)
    .map((entry) => entry.item);
  const result: Item[][] = [];
  const base = Math.floor(sorted.length / stages);
  const extra = sorted.length % stages;
  let start = 0;
  for (let stage = 0; stage < stages; stage += 1) {
    const size = base + (stage < extra ? 1 : 0);
    result.push(sorted.slice(start, start + size));
    start += size;
  }
  return result;
}

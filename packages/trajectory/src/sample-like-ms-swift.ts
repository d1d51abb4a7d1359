import { InvalidArgumentError, type Random } from '@swespot/core';

/**
 * Samples `count` rows the way ms-swift reads `file.jsonl#count` (`sample_dataset`): fewer than
 * the rows gives a random sample without replacement; more gives every row ⌊count/rows⌋ times
 * plus `count mod rows` rows drawn without replacement (oversampling). Rows keep their order
 * within each whole pass; the caller shuffles. Seeded through `random`.
 */
export function sampleLikeMsSwift<Row>(rows: readonly Row[], count: number, random: Random): Row[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError({ argument: 'count', message: `sample count must be a whole number of zero or more, got ${count}` });
  }
  if (rows.length === 0 || count === 0) return [];
  const sampled: Row[] = [];
  const wholePasses = Math.floor(count / rows.length);
  for (let pass = 0; pass < wholePasses; pass += 1) sampled.push(...rows);
  sampled.push(...random.sample(rows, count % rows.length));
  return sampled;
}

/**
 * Mixes groups of rows (one per RCX unit) with a sample count per group, like listing
 * `unit.jsonl#N` datasets for ms-swift. Groups without a count are kept whole; a count of 0
 * drops the group. Each group draws from its own fork of `random`, so changing one count does
 * not change the others' samples. Returns the rows per group, in the groups' order.
 *
 * @throws {InvalidArgumentError} when a count names a group that does not exist.
 */
export function mixGroups<Row>(groups: ReadonlyMap<string, readonly Row[]>, counts: Readonly<Record<string, number>>, random: Random): Map<string, Row[]> {
  for (const name of Object.keys(counts)) {
    if (!groups.has(name)) {
      throw new InvalidArgumentError({ argument: 'mix', message: `mix: no trajectories of unit '${name}' (units present: ${[...groups.keys()].join(', ') || 'none'})` });
    }
  }
  const mixed = new Map<string, Row[]>();
  for (const [name, rows] of groups) {
    const count = counts[name];
    mixed.set(name, count === undefined ? [...rows] : sampleLikeMsSwift(rows, count, random.fork(name)));
  }
  return mixed;
}

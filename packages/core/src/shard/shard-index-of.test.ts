import { describe, expect, it } from 'vitest';
import { selectShard, shardIndexOf } from './shard-index-of';

const ids = Array.from({ length: 500 }, (_, index) => `django__django-${10_000 + index}`);

describe('shardIndexOf and selectShard', () => {
  it('is a fixed function of the key (the same on every machine and in every release)', () => {
    // Pinned (checked with `sha256sum` and Python): changing the hash would re-deal the shards of runs already under way.
    expect([1, 3, 7, 1000].map((count) => shardIndexOf('django__django-11099', count))).toMatchInlineSnapshot(`
      [
        0,
        0,
        6,
        813,
      ]
    `);
  });

  it('splits every list exactly: the union of the N shards is the list, each item once, in any input order', () => {
    for (const count of [1, 3, 7]) {
      const shards = Array.from({ length: count }, (_, index) => selectShard(ids, { index, count }, (id) => id));
      expect(shards.flat().sort()).toEqual([...ids].sort());
      const reversed = Array.from({ length: count }, (_, index) => selectShard([...ids].reverse(), { index, count }, (id) => id));
      expect(reversed.map((shard) => shard.sort())).toEqual(shards.map((shard) => [...shard].sort()));
      // Roughly even: no shard of 500 ids is under half its fair share.
      for (const shard of shards) expect(shard.length).toBeGreaterThan(500 / count / 2);
    }
  });

  it('keeps everything without a shard', () => {
    expect(selectShard(ids, undefined, (id) => id)).toEqual(ids);
    expect(() => shardIndexOf('x', 0)).toThrow("'count' must be a whole number of 1 or more");
  });
});

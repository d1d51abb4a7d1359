import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { ShardSpec } from './shard-spec';

/**
 * The shard (0-based, less than `count`) a unit of work belongs to: the first 48 bits of
 * the SHA-256 of its key (usually the task id) modulo `count`. The same key lands in the
 * same shard on every machine, in every run and in any input order (never `Math.random`
 * or object order), so shards run on different nodes split the work exactly: every key
 * in one shard, none twice.
 *
 * @example
 * ```ts
 * shardIndexOf('django__django-11099', 7); // the same number from 0 to 6, everywhere
 * ```
 */
export function shardIndexOf(key: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError({ argument: 'count', message: `shardIndexOf: 'count' must be a whole number of 1 or more, got ${count}.` });
  }
  // 48 bits fit a double exactly, so the modulo is exact; the bias of 2^48 mod count is negligible.
  const prefix = Number.parseInt(createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12), 16);
  return prefix % count;
}

/** Whether the work with this key belongs to `shard` (see {@link shardIndexOf}). */
export function isInShard(key: string, shard: ShardSpec): boolean {
  return shardIndexOf(key, shard.count) === shard.index;
}

/**
 * The items of `shard`, in their input order: those whose `keyOf(item)` (usually the task
 * id) hashes to the shard's index (see {@link shardIndexOf}). With no shard, all items.
 * Commands that take `--shard I/N` call this on their work list before they start.
 *
 * @example
 * ```ts
 * const mine = selectShard(tasks, parseShardOption('2/7'), (task) => task.id);
 * ```
 */
export function selectShard<Item>(items: readonly Item[], shard: ShardSpec | undefined, keyOf: (item: Item) => string): Item[] {
  if (shard === undefined) return [...items];
  return items.filter((item) => isInShard(keyOf(item), shard));
}

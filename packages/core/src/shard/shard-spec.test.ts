import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { formatShard, parseShardOption, shardOptionSchema } from './shard-spec';

describe('parseShardOption', () => {
  it('reads I/N', () => {
    expect(parseShardOption('2/7')).toEqual({ index: 2, count: 7 });
    expect(parseShardOption('0/1')).toEqual({ index: 0, count: 1 });
    expect(formatShard(parseShardOption(' 6 / 7 '))).toBe('shard 6 of 7');
  });

  it('says why a value is wrong, naming --shard', () => {
    const messageOf = (text: string) => {
      try {
        parseShardOption(text);
        return 'accepted';
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
    };
    expect(messageOf('3/3')).toBe("--shard: the shard index must be less than the shard count (3 is not < 3; shards of 3 are numbered 0 to 2); got '3/3'");
    expect(messageOf('1/0')).toBe("--shard: the shard count must be 1 or more; got '1/0'");
    expect(messageOf('2')).toContain('expected I/N, the shard index and the shard count, e.g. --shard 0/7');
    expect(messageOf('-1/3')).toContain('expected I/N');
    expect(messageOf('1.5/3')).toContain('expected I/N');
  });

  it('has a zod form with the same messages', () => {
    expect(shardOptionSchema.parse('1/3')).toEqual({ index: 1, count: 3 });
    const result = shardOptionSchema.safeParse('7/7');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('the shard index must be less than the shard count (7 is not < 7');
  });
});

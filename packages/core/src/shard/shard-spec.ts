import { z } from 'zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Which part of a sharded stage to run: shard `index` (0-based) of `count`. */
export interface ShardSpec {
  /** 0-based shard number, less than `count` (Slurm's `SLURM_ARRAY_TASK_ID`, Kubernetes' `JOB_COMPLETION_INDEX`). */
  readonly index: number;
  /** How many shards the work is split into, 1 or more. */
  readonly count: number;
}

/** The most shards a stage may be split into (far beyond any Slurm `MaxArraySize` or Indexed Job). */
export const MAX_SHARD_COUNT = 100_000;

const example = 'e.g. --shard 0/7 for the first of 7 shards (shards are numbered from 0)';

/**
 * Why `text` is not a valid `--shard I/N`, or `undefined` when it is. Shared by
 * {@link parseShardOption} and {@link shardOptionSchema} so both say the same thing.
 */
function shardOptionProblem(text: string): string | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) return `expected I/N, the shard index and the shard count, ${example}; got '${text}'`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) return `the shard count must be 1 or more; got '${text}'`;
  if (count > MAX_SHARD_COUNT) return `the shard count must be at most ${MAX_SHARD_COUNT}; got '${text}'`;
  if (index >= count) return `the shard index must be less than the shard count (${index} is not < ${count}; shards of ${count} are numbered 0 to ${count - 1}); got '${text}'`;
  return undefined;
}

/**
 * Parses a `--shard I/N` value: shard `I` (0-based) of `N`. The flag is shared by every
 * sharded stage (`rollout`, `eval run`, `bugs synth`, `mirror`, `mine`).
 *
 * @throws {InvalidArgumentError} (`argument: '--shard'`) naming the problem, e.g. for
 *   `3/3`: the shard index must be less than the shard count.
 * @example
 * ```ts
 * parseShardOption('2/7'); // { index: 2, count: 7 }
 * ```
 */
export function parseShardOption(text: string): ShardSpec {
  const problem = shardOptionProblem(text);
  if (problem !== undefined) throw new InvalidArgumentError({ argument: '--shard', message: `--shard: ${problem}` });
  const [index, count] = text.split('/').map((part) => Number(part.trim())) as [number, number];
  return { index, count };
}

/**
 * The zod form of {@link parseShardOption} for command option schemas: a string `I/N`
 * becomes a {@link ShardSpec}; a bad value is one issue with the same message.
 *
 * @example
 * ```ts
 * z.strictObject({ shard: shardOptionSchema.optional() });
 * ```
 */
export const shardOptionSchema = z.string().transform((text, context): ShardSpec => {
  const problem = shardOptionProblem(text);
  if (problem !== undefined) {
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return parseShardOption(text);
});

/** The schema of a {@link ShardSpec} in records (shard manifests): index < count. */
export const shardSpecSchema = z
  .strictObject({
    index: z.int().nonnegative().describe('0-based shard number.'),
    count: z.int().positive().max(MAX_SHARD_COUNT).describe('How many shards the work was split into.'),
  })
  .refine((shard) => shard.index < shard.count, { message: 'Expected the shard index to be less than the shard count', path: ['index'] })
  .describe('Shard index (0-based) of count.');

/** Formats a shard as people read it, e.g. `shard 2 of 7`. */
export function formatShard(shard: ShardSpec): string {
  return `shard ${shard.index} of ${shard.count}`;
}

import { formatShard, writeShardManifest, type ShardRecordSchemaName, type ShardSpec } from '@swespot/core';

/**
 * The `--shard` flag every sharded command takes, for `command.option(...SHARD_OPTION)`.
 * Parse its value with `shardOptionSchema` (in the command's zod option schema) or
 * `parseShardOption` from `@swespot/core`, then pick the command's work with `selectShard`.
 */
export const SHARD_OPTION = [
  '--shard <i/n>',
  'run only shard I of N (0-based) of the work, split by a stable hash of the task id; writes a manifest beside --out for `swespot merge`',
] as const;

/** Options of {@link startShardRun}. */
export interface StartShardRunOptions {
  /** The command's output JSONL (`--out`); the manifest goes beside it. */
  readonly out: string;
  /** The command, e.g. `rollout` or `eval run`. */
  readonly stage: string;
  /** The parsed `--shard`, or `undefined` when the command runs unsharded (then nothing is written). */
  readonly shard: ShardSpec | undefined;
  /** The core schema of the records in `out`. */
  readonly schema: ShardRecordSchemaName;
  /** The record field holding the shard key (e.g. `taskId` in trajectories), when records carry it. */
  readonly keyField?: string;
  /** Units of work in the shard (after `selectShard`). */
  readonly selected: number;
  /** Units of work before sharding, for the message. */
  readonly total: number;
  /** What the units of work are called in the message. Default: `tasks`. */
  readonly unit?: string;
  /** Where the one-line "shard 2 of 7: 143 of 1000 tasks" message goes. */
  readonly stderr: NodeJS.WritableStream;
}

/** A started shard: call {@link ShardRun.finish} when the command's work ended. */
export interface ShardRun {
  /** Marks the shard complete when `succeeded` (every unit done), else leaves it `running` so merge refuses it until re-run. */
  finish(succeeded: boolean): Promise<void>;
}

/**
 * The shard bookkeeping every sharded command does, in one place: says which shard runs,
 * writes its manifest with status `running` before the work starts and `complete` after
 * it succeeded. With no `--shard` it does nothing.
 *
 * @example
 * ```ts
 * const selected = selectShard(tasks, options.shard, (task) => task.id);
 * const shardRun = await startShardRun({ out, stage: 'eval run', shard: options.shard, schema: 'EvalResult', keyField: 'taskId', selected: selected.length, total: tasks.length, stderr });
 * // ... run the selected work, appending to out ...
 * await shardRun.finish(failed === 0);
 * ```
 */
export async function startShardRun(options: StartShardRunOptions): Promise<ShardRun> {
  const { shard } = options;
  if (shard === undefined) return { finish: async () => {} };
  const manifest = {
    out: options.out,
    stage: options.stage,
    shard,
    schema: options.schema,
    ...(options.keyField === undefined ? {} : { keyField: options.keyField }),
    selected: options.selected,
  };
  options.stderr.write(`${formatShard(shard)}: ${options.selected} of ${options.total} ${options.unit ?? 'tasks'}\n`);
  await writeShardManifest({ ...manifest, status: 'running' });
  return {
    finish: async (succeeded) => {
      if (succeeded) await writeShardManifest({ ...manifest, status: 'complete' });
    },
  };
}

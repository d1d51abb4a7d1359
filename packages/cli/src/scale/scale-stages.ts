/** What `swespot scale emit --stage` knows about each sharded stage. */
export interface ScaleStage {
  /** The swespot subcommand that runs one shard, e.g. `['eval', 'run']`. */
  readonly command: readonly string[];
  /** Each shard's `--out`, relative to the run folder; `{shard}` is the shard index. */
  readonly shardOut: string;
  /** The folder of the shard outputs that `swespot merge` reads. */
  readonly shardFolder: string;
  /** The merged file, relative to the run folder. */
  readonly merged: string;
}

/**
 * The sharded stages: `rollout` (teacher rollouts, trajectories), `validate` (mirrored bugs
 * validated in sandboxes, `swespot mirror`; `--command 'bugs synth'` for synthetic bugs)
 * and `eval` (`swespot eval run`, whose `--out` is a folder per shard).
 */
export const SCALE_STAGES = {
  rollout: { command: ['rollout'], shardOut: 'rollout/shard-{shard}.jsonl', shardFolder: 'rollout', merged: 'trajectories.jsonl' },
  validate: { command: ['mirror'], shardOut: 'validate/shard-{shard}.jsonl', shardFolder: 'validate', merged: 'bugs.jsonl' },
  eval: { command: ['eval', 'run'], shardOut: 'eval/shard-{shard}', shardFolder: 'eval', merged: 'eval-results.jsonl' },
} as const satisfies Record<string, ScaleStage>;

/** A stage name of {@link SCALE_STAGES}. */
export type ScaleStageName = keyof typeof SCALE_STAGES;

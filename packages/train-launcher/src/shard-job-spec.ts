import { parseWithSchema } from '@swespot/core';
import { z } from 'zod';

/** The placeholder for the shard index (0-based) in {@link ShardJobSpec} commands, e.g. `--shard {shard}/100`. */
export const SHARD_INDEX_PLACEHOLDER = '{shard}';

const commandSchema = (what: string) =>
  z
    .array(z.string())
    .min(1, `expected the ${what} as a program and its arguments`)
    .refine((argv) => argv[0] !== '', { message: `expected the ${what}'s program first` });

/**
 * A sharded stage as a cluster job: N shard tasks that each run `shardCommand` with
 * {@link SHARD_INDEX_PLACEHOLDER} replaced by the task's index (Slurm's
 * `SLURM_ARRAY_TASK_ID`, Kubernetes' `JOB_COMPLETION_INDEX`), at most `parallel` at once,
 * each retried `retries` times, all in a shared run folder; then `mergeCommand` once all
 * shards succeeded.
 */
export const shardJobSpecSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'expected lower-case letters, digits and -, starting with a letter (a DNS-1035 label, as Kubernetes requires)')
    .max(40, 'expected at most 40 characters (Kubernetes names pods <job>-<index>-<random> within 63)')
    .describe('Job name, e.g. swespot-rollout; the merge job is <name>-merge.'),
  shards: z.int().positive().max(100_000, 'expected at most 100000 shards (an Indexed Job\'s limit)').describe('How many shards N.'),
  parallel: z.int().positive().optional().describe('Shards running at once (Slurm %M, Kubernetes parallelism). Default: all.'),
  shardCommand: commandSchema('shard command').refine((argv) => argv.some((word) => word.includes(SHARD_INDEX_PLACEHOLDER)), {
    message: `expected ${SHARD_INDEX_PLACEHOLDER} in some argument (where the shard index goes, e.g. --shard ${SHARD_INDEX_PLACEHOLDER}/N)`,
  }),
  mergeCommand: commandSchema('merge command'),
  runDirectory: z.string().startsWith('/', 'expected an absolute path on the shared file system').describe('The shared run folder every shard works in (mounted from the claim on Kubernetes).'),
  retries: z.int().nonnegative().max(100).default(2).describe('Extra attempts per shard after a failure (the stages resume, so a retry only redoes what is missing).'),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'), z.string()).default({}),
  resources: z
    .strictObject({
      cpus: z.int().positive().default(2),
      memoryGiB: z.number().positive().default(8),
      gpus: z.int().nonnegative().default(0),
      timeLimit: z.string().regex(/^(\d+-)?\d{1,2}:\d{2}:\d{2}$/, 'expected [D-]HH:MM:SS').default('24:00:00'),
    })
    .prefault({})
    .describe('Per shard task.'),
});

/** What the shard emitters take; see {@link shardJobSpecSchema}. */
export type ShardJobSpecInput = z.input<typeof shardJobSpecSchema>;
/** A checked shard job, defaults filled in. */
export type ShardJobSpec = z.output<typeof shardJobSpecSchema>;

/**
 * Checks a shard job and fills in its defaults.
 *
 * @throws {ValidationError} listing every issue as `path: message`.
 */
export function parseShardJobSpec(input: ShardJobSpecInput): ShardJobSpec {
  return parseWithSchema(shardJobSpecSchema, input, { schema: 'ShardJobSpec' });
}

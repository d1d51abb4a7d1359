import { isAbsolute, resolve } from 'node:path';
import { ValidationError } from '@swespot/core';
import { emitSlurmShardArray, writeEmittedFiles, type EmittedFile, type ShardJobSpecInput } from '@swespot/train-launcher';
import { emitShardIndexedJob } from '@swespot/train-launcher/kubernetes';
import type { Command } from 'commander';
import { z } from 'zod';
import { flagOf } from '../rollout/rollout-options-schema';
import { SCALE_STAGES, type ScaleStageName } from '../scale/scale-stages';
import type { CommandContext } from './command-context';

const stageNames = Object.keys(SCALE_STAGES) as [ScaleStageName, ...ScaleStageName[]];
const whole = (what: string, minimum: number) =>
  z.coerce.number({ error: `expected a number of ${what}` }).pipe(z.int(`expected a whole number of ${what}`).min(minimum, `expected ${minimum} or more ${what}`));

const scaleEmitOptionsSchema = z
  .strictObject({
    stage: z.enum(stageNames, { error: `expected one of ${stageNames.join(', ')}` }),
    target: z.enum(['slurm', 'kubernetes'], { error: 'expected slurm or kubernetes' }),
    shards: whole('shards', 1),
    parallel: whole('shards at once', 1).optional(),
    runDir: z.string({ error: 'required: the shared run folder every shard works in (an absolute path; the claim\'s mount path on Kubernetes)' }).refine(isAbsolute, 'expected an absolute path (the same on every node)'),
    out: z.string().min(1),
    name: z.string().optional(),
    command: z.string().min(1).optional(),
    swespot: z.string().min(1).default('swespot'),
    retries: whole('retries', 0).default(2),
    cpus: whole('CPUs', 1).default(2),
    memoryGib: z.coerce.number().positive('expected more than 0 GiB').default(8),
    gpus: whole('GPUs', 0).default(0),
    time: z.string().optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'expected NAME=VALUE')).default([]),
    partition: z.string().optional(),
    account: z.string().optional(),
    qos: z.string().optional(),
    image: z.string().min(1).optional(),
    pvc: z.string().min(1).optional(),
    namespace: z.string().optional(),
  })
  .superRefine((options, context) => {
    if (options.target !== 'kubernetes') return;
    if (options.image === undefined) context.addIssue({ code: 'custom', path: ['image'], message: 'required for --target kubernetes: the container image with swespot in it' });
    if (options.pvc === undefined) context.addIssue({ code: 'custom', path: ['pvc'], message: 'required for --target kubernetes: a ReadWriteMany PersistentVolumeClaim holding the run folder (mounted at --run-dir)' });
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Adds `swespot scale emit --stage rollout|validate|eval --target slurm|kubernetes --shards N
 * --run-dir DIR --out JOBDIR [-- STAGE ARGUMENTS]`: writes the cluster job that runs a
 * sharded stage as N shards over a shared run folder and merges them: a Slurm job array
 * (`--array=0-(N-1)%M`, `SLURM_ARRAY_TASK_ID` as the shard) plus a merge job submitted with
 * `--dependency=afterok`, or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` as the shard)
 * plus a follow-up merge Job. The stage arguments are passed to every shard's command;
 * `--shard` and `--out` are set by the emitter. Exit code 1 on an invalid flag.
 */
export function registerScaleCommand(program: Command, context: CommandContext): void {
  const scale = program.command('scale').description('run sharded stages on Slurm or Kubernetes');
  scale
    .command('emit')
    .description('write a Slurm job array or a Kubernetes Indexed Job that runs a stage as N shards, plus the merge step')
    .argument('[stage-arguments...]', "the stage command's own arguments, after -- (e.g. -- tasks.jsonl --model vllm:Qwen/Qwen3-4B --base-url http://vllm:8000/v1)")
    .requiredOption('--stage <stage>', `the stage: ${stageNames.join(', ')}`)
    .requiredOption('--target <target>', 'slurm or kubernetes')
    .requiredOption('--shards <n>', 'how many shards')
    .option('--parallel <m>', 'shards running at once (default: all)')
    .option('--run-dir <dir>', 'the shared run folder (absolute; on Kubernetes the claim is mounted there); stage paths are relative to it')
    .requiredOption('--out <dir>', 'folder to write the job files into')
    .option('--name <name>', 'job name (default: swespot-<stage>)')
    .option('--command <subcommand>', "the swespot subcommand of the stage (default: rollout, mirror or 'eval run'; e.g. 'bugs synth')")
    .option('--swespot <program>', 'how the nodes call swespot (default: swespot)')
    .option('--retries <n>', 'retries per shard; stages resume, so a retry redoes only what is missing (default: 2)')
    .option('--cpus <n>', 'CPUs per shard (default: 2)')
    .option('--memory-gib <gib>', 'memory per shard in GiB (default: 8)')
    .option('--gpus <n>', 'GPUs per shard (default: 0)')
    .option('--time <limit>', 'Slurm time limit per shard, [D-]HH:MM:SS (default: 24:00:00)')
    .option('--env <name=value>', 'environment variable for every shard (repeatable); never put secrets here, use the cluster\'s secrets', collect)
    .option('--partition <name>', 'Slurm partition')
    .option('--account <name>', 'Slurm account')
    .option('--qos <name>', 'Slurm QOS')
    .option('--image <image>', 'container image with swespot (Kubernetes, required)')
    .option('--pvc <claim>', 'ReadWriteMany PersistentVolumeClaim holding the run folder (Kubernetes, required)')
    .option('--namespace <namespace>', 'Kubernetes namespace')
    .action(async (stageArguments: string[], rawOptions: Record<string, unknown>) => {
      const parsed = scaleEmitOptionsSchema.safeParse(rawOptions);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.stderr.write(`${flagOf(String(issue.path[0] ?? 'options'))}: ${issue.message}\n`);
        context.setExitCode(1);
        return;
      }
      const options = parsed.data;
      const reserved = stageArguments.find((word) => word === '--shard' || word === '--out' || word.startsWith('--shard=') || word.startsWith('--out='));
      if (reserved !== undefined) {
        context.stderr.write(`${reserved.split('=')[0]}: set by scale emit for every shard (--shard I/${options.shards}, --out under --run-dir); leave it out of the stage arguments\n`);
        context.setExitCode(1);
        return;
      }
      const stage = SCALE_STAGES[options.stage];
      const subcommand = options.command === undefined ? stage.command : options.command.split(/\s+/).filter(Boolean);
      const name = options.name ?? `swespot-${options.stage}`;
      const spec: ShardJobSpecInput = {
        name,
        shards: options.shards,
        ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
        shardCommand: [options.swespot, ...subcommand, ...stageArguments, '--shard', `{shard}/${options.shards}`, '--out', stage.shardOut],
        mergeCommand: [options.swespot, 'merge', stage.shardFolder, '--out', stage.merged],
        runDirectory: options.runDir,
        retries: options.retries,
        environment: Object.fromEntries(options.env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])),
        resources: { cpus: options.cpus, memoryGiB: options.memoryGib, gpus: options.gpus, ...(options.time === undefined ? {} : { timeLimit: options.time }) },
      };
      try {
        const files: EmittedFile[] =
          options.target === 'slurm'
            ? emitSlurmShardArray(spec, { ...(options.partition ? { partition: options.partition } : {}), ...(options.account ? { account: options.account } : {}), ...(options.qos ? { qos: options.qos } : {}) })
            : emitShardIndexedJob(spec, { image: options.image!, persistentVolumeClaim: options.pvc!, ...(options.namespace ? { namespace: options.namespace } : {}) });
        const written = await writeEmittedFiles(resolve(context.cwd, options.out), files, { abortSignal: context.abortSignal });
        context.stdout.write(
          `${name}: ${options.shards} shards of '${[...subcommand].join(' ')}' on ${options.target}, merged into ${options.runDir}/${stage.merged}\n` +
            `Wrote:\n${written.map((path) => `  ${path}`).join('\n')}\nSubmit: bash ${resolve(context.cwd, options.out, 'submit.sh')}\n`,
        );
      } catch (error) {
        if (!ValidationError.isInstance(error)) throw error;
        for (const issue of error.issues) context.stderr.write(`${issue.path || '(job)'}: ${issue.message}\n`);
        context.setExitCode(1);
      }
    });
}

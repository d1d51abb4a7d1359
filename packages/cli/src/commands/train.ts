import { resolve } from 'node:path';
import { InvalidConfigError } from '@swespot/core';
import {
  emitLocalScripts,
  emitResolvedJob,
  emitSlurmScript,
  loadTrainJob,
  planTrainJob,
  writeEmittedFiles,
  type EmittedFile,
  type TrainJob,
} from '@swespot/train-launcher';
import { emitPyTorchJob } from '@swespot/train-launcher/kubernetes';
import { Command, Option } from 'commander';
import type { CommandContext } from './command-context';

/** The launch targets of `swespot train --target`. */
const TARGETS = ['local', 'slurm', 'k8s'] as const;

interface TrainOptions {
  preset?: string;
  job?: string;
  set: string[];
  swiftVersion?: string;
  target: (typeof TARGETS)[number];
  out: string;
  checkDatasets: boolean;
  allowMemoryOverrun?: boolean;
}

function emit(job: TrainJob, target: TrainOptions['target'], headerLines: string[]): EmittedFile[] {
  if (target === 'slurm') return emitSlurmScript(job, { headerLines });
  if (target === 'k8s') return emitPyTorchJob(job, { headerLines });
  return emitLocalScripts(job, { headerLines });
}

/**
 * Adds `swespot train (--preset NAME | --job job.yaml) [--set key=value ...]
 * [--swift-version X.Y] --target local|slurm|k8s --out DIR`: loads the job, checks the layout,
 * the per-GPU memory and every dataset line, then writes the job files (train.sh /
 * train.sbatch / pytorchjob.yaml, plus job.yaml with every default resolved) and prints the
 * plan and memory estimate. Any issue is printed as `path: message` with exit code 1, and then
 * nothing is written.
 */
export function registerTrainCommand(program: Command, context: CommandContext): void {
  program
    .command('train')
    .description('write a Megatron-SWIFT / ms-swift training job for a workstation, Slurm or Kubernetes, with a memory estimate')
    .option('--preset <name>', 'start from a preset: swespot-4b, swespot-4b-lora, swe-lego-8b')
    .option('--job <file>', 'start from a job file (YAML or JSON)')
    .option('--set <key=value>', 'override one setting, e.g. cluster.nodes=2 (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--swift-version <version>', 'the ms-swift version on the cluster, e.g. 3.11 or 4.5 (flag names follow it)')
    .addOption(new Option('--target <target>', 'where the job runs').choices(TARGETS).makeOptionMandatory())
    .requiredOption('--out <dir>', 'folder to write the job files into')
    .option('--no-check-datasets', 'skip reading the dataset files (when they exist only on the cluster)')
    .option('--allow-memory-overrun', 'write the job even when the memory estimate exceeds the GPU')
    .action(async (options: TrainOptions) => {
      if ((options.preset === undefined) === (options.job === undefined)) {
        context.stderr.write('train: give exactly one of --preset NAME and --job job.yaml\n');
        context.setExitCode(1);
        return;
      }
      try {
        const { job, baseDirectory } = await loadTrainJob({
          preset: options.preset,
          file: options.job,
          set: options.set,
          swiftVersion: options.swiftVersion,
          cwd: context.cwd,
          abortSignal: context.abortSignal,
        });
        const plan = await planTrainJob(job, {
          checkDatasets: options.checkDatasets,
          baseDirectory: options.job === undefined ? (job.cluster.workingDirectory ?? context.cwd) : baseDirectory,
          allowMemoryOverrun: options.allowMemoryOverrun,
          abortSignal: context.abortSignal,
        });
        for (const warning of plan.warnings) context.stderr.write(`warning: ${warning.path}: ${warning.message}\n`);
        const files: EmittedFile[] = [
          ...emit(job, options.target, plan.summaryLines),
          emitResolvedJob(job),
        ];
        const outDirectory = resolve(context.cwd, options.out);
        const written = await writeEmittedFiles(outDirectory, files, { abortSignal: context.abortSignal });
        context.stdout.write(`${job.name}: ${job.backend} sft, ms-swift ${job.swiftVersion}, target ${options.target}\n`);
        context.stdout.write(`${plan.summaryLines.join('\n')}\n`);
        context.stdout.write(`Wrote:\n${written.map((path) => `  ${path}`).join('\n')}\n`);
      } catch (error) {
        if (!InvalidConfigError.isInstance(error)) throw error;
        const where = error.file ? `${error.file}: ` : '';
        for (const issue of error.issues) context.stderr.write(`${where}${issue.path || '(job)'}: ${issue.message}\n`);
        context.setExitCode(1);
      }
    });
}

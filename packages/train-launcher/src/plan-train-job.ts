import { InvalidConfigError, type ConfigIssue } from '@swespot/core';
import { checkTrainJobDatasets, type DatasetsCheck } from './check-train-job-datasets';
import type { ParallelLayout } from './compute-parallel-layout';
import { formatMemoryEstimate, type MemoryEstimate } from './estimate-memory';
import { computeTrainIterations } from './render-launch';
import type { TrainJob } from './train-job-schema';
import { validateTrainJob, type MemoryFix } from './validate-train-job';

/** A job that passed every check, with what the checks computed. */
export interface TrainJobPlan {
  /** The job. */
  job: TrainJob;
  /** The parallel layout. */
  layout: ParallelLayout;
  /** The per-GPU memory estimate (undefined only when the estimate was skipped). */
  estimate: MemoryEstimate | undefined;
  /** Memory fixes, when the estimate was over the limit and `allowMemoryOverrun` let it pass. */
  memoryFixes: MemoryFix[];
  /** The dataset check, or undefined when `checkDatasets` was false. */
  datasets: DatasetsCheck | undefined;
  /** Optimizer steps, when the rows are known (or `iterations` is set). */
  trainIterations: number | undefined;
  /** Warnings from every check. */
  warnings: ConfigIssue[];
  /** Summary lines for the emitted files' headers and the CLI. */
  summaryLines: string[];
}

/** Options of {@link planTrainJob}. */
export interface PlanTrainJobOptions {
  /** Check that every dataset file exists and every line is a valid ms-swift record. Default true. */
  checkDatasets?: boolean;
  /** Directory relative dataset paths resolve against (see `checkTrainJobDatasets`). */
  baseDirectory?: string;
  /** Let a memory estimate over the limit through as a warning. Default false. */
  allowMemoryOverrun?: boolean;
  /** Stops the dataset reads. */
  abortSignal?: AbortSignal;
}

/**
 * Runs every check on a job ({@link validateTrainJob}, then the dataset files) and returns the
 * plan the emitters write from.
 *
 * @throws {InvalidConfigError} with every error found (layout, memory with proposed fixes,
 *   datasets with file:line), so nothing is written for a job that cannot run.
 */
export async function planTrainJob(job: TrainJob, options: PlanTrainJobOptions = {}): Promise<TrainJobPlan> {
  const validation = validateTrainJob(job, { allowMemoryOverrun: options.allowMemoryOverrun });
  const errors = [...validation.errors];
  const warnings = [...validation.warnings];
  let datasets: DatasetsCheck | undefined;
  if (options.checkDatasets ?? true) {
    datasets = await checkTrainJobDatasets(job, { baseDirectory: options.baseDirectory, abortSignal: options.abortSignal });
    errors.push(...datasets.errors);
    warnings.push(...datasets.warnings);
  }
  if (errors.length > 0) throw new InvalidConfigError({ message: `Invalid training job ${job.name}:\n${errors.map((issue) => `  ${issue.path || '(job)'}: ${issue.message}`).join('\n')}`, issues: errors });

  const allSampled = job.datasets.every((dataset) => dataset.samples !== undefined);
  const rows = datasets?.totalRows ?? (allSampled ? job.datasets.reduce((sum, dataset) => sum + (dataset.samples ?? 0), 0) : undefined);
  const trainIterations = job.iterations ?? (rows === undefined ? undefined : computeTrainIterations(job, rows));
  const { layout, estimate } = validation;
  const summaryLines = [
    `Layout: ${job.cluster.nodes} node(s) × ${job.cluster.gpusPerNode} GPU(s) = ${layout.worldSize}; ${job.backend === 'megatron' ? `TP ${job.parallelism.tensor} PP ${job.parallelism.pipeline} CP ${job.parallelism.context}` : `Ulysses ${job.parallelism.ulysses}, DeepSpeed ${job.parallelism.deepspeed}`}; DP ${layout.dataParallelSize}; ${layout.gradientAccumulationSteps} micro-batch(es) of ${job.batch.micro} per step.`,
    ...(rows === undefined ? [] : [`Rows per epoch: ${rows}; optimizer steps: ${trainIterations ?? '?'}.`]),
    ...(estimate ? ['Memory estimate per GPU (GiB):', ...formatMemoryEstimate(estimate).trimEnd().split('\n').map((line) => `  ${line}`)] : []),
  ];
  return { job, layout, estimate, memoryFixes: validation.memoryFixes, datasets, trainIterations, warnings, summaryLines };
}

import { InvalidConfigError } from '@swespot/core';
import { computeParallelLayout } from './compute-parallel-layout';
import { mcoreBaseDirectory, renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { renderSwiftSftArguments } from './render-swift-sft-arguments';
import { toArgv } from './swift-argument';
import { checkSwiftChoices } from './swift-choices';
import { parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';

/** A command of a job: the program on PATH and its argv. */
export interface JobCommand {
  /** `megatron` or `swift`. */
  program: 'megatron' | 'swift';
  /** Everything after the program name, e.g. `['sft', '--model', ...]`. */
  argv: string[];
}

/** The commands of a job in the order they run. */
export interface JobCommands {
  /** HF → Megatron conversion, run once on one GPU before training (only with `weights: mcore`). */
  convertToMcore: JobCommand | undefined;
  /** The training command, run once per node (ms-swift starts one process per GPU through torchrun). */
  train: JobCommand;
  /**
   * Megatron → HF export of the newest checkpoint, run once after training (only with
   * `weights: mcore`). Its `--mcore_model` value is the shell expression `$checkpoint`, which
   * the emitted script sets to the directory holding the newest `latest_checkpointed_iteration.txt`.
   */
  exportToHf: JobCommand | undefined;
}

/** Where `exportToHf` writes the HF model: the output directory with a `-hf` suffix. */
export function exportedModelDirectory(job: TrainJob): string {
  return `${job.output.dir.replace(/\/+$/, '')}-hf`;
}

/**
 * Renders the commands of a job: `megatron sft` or `swift sft`, and for `weights: mcore` the
 * `swift export --to_mcore` step before and the `swift export --to_hf` step after
 * (single-process, `device_map`; reference note §5.2).
 *
 * @throws {InvalidConfigError} when a value of an enumerated flag is one the targeted ms-swift
 *   release rejects (`checkSwiftChoices`), so no emitter writes a job that fails at launch.
 */
export function renderJobCommands(job: TrainJob): JobCommands {
  const version = parseSwiftVersion(job.swiftVersion);
  const swiftArguments = job.backend === 'swift' ? renderSwiftSftArguments(job) : renderMegatronSftArguments(job);
  const issues = checkSwiftChoices(swiftArguments, job.backend, version, new Set(Object.keys(job.extraArguments)));
  if (issues.length > 0) throw new InvalidConfigError({ issues });
  if (job.backend === 'swift') {
    return { convertToMcore: undefined, train: { program: 'swift', argv: ['sft', ...toArgv(swiftArguments)] }, exportToHf: undefined };
  }
  const train: JobCommand = { program: 'megatron', argv: ['sft', ...toArgv(swiftArguments)] };
  if (job.weights === 'bridge') return { convertToMcore: undefined, train, exportToHf: undefined };
  const dtype = job.precision === 'fp16' ? 'float16' : 'bfloat16';
  return {
    convertToMcore: {
      program: 'swift',
      argv: ['export', '--model', job.model.id, '--use_hf', String(job.model.hub === 'huggingface'), '--to_mcore', 'true', '--torch_dtype', dtype, '--output_dir', mcoreBaseDirectory(job)],
    },
    train,
    exportToHf: {
      program: 'swift',
      argv: ['export', '--mcore_model', '$checkpoint', '--to_hf', 'true', '--torch_dtype', dtype, '--output_dir', exportedModelDirectory(job)],
    },
  };
}

/**
 * The environment every node exports before training, in order: the allocator setting every
 * ms-swift example uses, shared caches (MODELSCOPE_CACHE, HF_HOME: multi-node preprocessing
 * hangs when nodes do not share them), the NCCL settings of `cluster.nccl` (NCCL_SOCKET_IFNAME
 * with GLOO_SOCKET_IFNAME, NCCL_IB_HCA, NCCL_DEBUG), WANDB_PROJECT for `swift sft`, then
 * `job.environment` (which overrides any of them).
 * The launch variables (NNODES, NODE_RANK, ...) are each target's business.
 */
export function renderJobEnvironment(job: TrainJob): Array<[name: string, value: string]> {
  const environment: Array<[string, string]> = [['PYTORCH_CUDA_ALLOC_CONF', 'expandable_segments:True']];
  const { modelscopeCache, huggingfaceHome } = job.cluster.sharedStorage;
  if (modelscopeCache) environment.push(['MODELSCOPE_CACHE', modelscopeCache]);
  if (huggingfaceHome) environment.push(['HF_HOME', huggingfaceHome]);
  const { socketInterface, ibHca, debug } = job.cluster.nccl;
  if (socketInterface) environment.push(['NCCL_SOCKET_IFNAME', socketInterface], ['GLOO_SOCKET_IFNAME', socketInterface]);
  if (ibHca) environment.push(['NCCL_IB_HCA', ibHca]);
  if (debug) environment.push(['NCCL_DEBUG', debug]);
  if (job.backend === 'swift' && job.logging.wandb) environment.push(['WANDB_PROJECT', job.logging.wandb.project]);
  for (const [name, value] of Object.entries(job.environment)) {
    const index = environment.findIndex(([existing]) => existing === name);
    if (index >= 0) environment[index] = [name, value];
    else environment.push([name, value]);
  }
  return environment;
}

/** `0,1,...,n-1` for `CUDA_VISIBLE_DEVICES` on a machine that is not managed by a scheduler. */
export function visibleDevices(job: TrainJob): string {
  return Array.from({ length: job.cluster.gpusPerNode }, (_, index) => String(index)).join(',');
}

/** Steps per epoch × epochs, when the rows are known: ⌊rows/(mbs·DP)⌋·(mbs·DP)·epochs / gbs (Megatron's `init_iters`). */
export function computeTrainIterations(job: TrainJob, rows: number): number {
  if (job.iterations !== undefined) return job.iterations;
  const layout = computeParallelLayout(job);
  const perStep = job.batch.micro * layout.dataParallelSize;
  const usable = Math.floor(rows / perStep) * perStep;
  return Math.floor((usable * (job.epochs as number)) / job.batch.global);
}

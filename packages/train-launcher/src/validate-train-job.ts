import type { ConfigIssue } from '@swespot/core';
import { computeParallelLayout, type ParallelLayout } from './compute-parallel-layout';
import { estimateMemory, type MemoryEstimate } from './estimate-memory';
import { resolveGpuMemoryGiB } from './gpu-memory';
import { findModelArchitecture, type ModelArchitecture } from './model-architecture';
import { checkFlagForVersion } from './swift-flag-renames';
import { parseSwiftVersion } from './swift-version';
import { peakLearningRate, renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { checkSwiftChoices } from './swift-choices';
import { renderSwiftSftArguments } from './render-swift-sft-arguments';
import type { TrainJob } from './train-job-schema';

/** A change that brings a job's memory estimate down, with the estimate it leads to. */
export interface MemoryFix {
  /** The change as `--set` assignments, e.g. `['recompute.granularity=full']`. */
  settings: string[];
  /** What it does, e.g. `full recompute`. */
  description: string;
  /** The estimated total per GPU after the change, in GiB. */
  totalGiB: number;
  /** Whether the estimate then fits. */
  fits: boolean;
}

/** What {@link validateTrainJob} found. */
export interface TrainJobValidation {
  /** Problems that make the job fail or run out of memory; nothing is written while there are any. */
  errors: ConfigIssue[];
  /** Problems worth knowing that do not stop the job. */
  warnings: ConfigIssue[];
  /** The parallel layout. */
  layout: ParallelLayout;
  /** The architecture used for the estimate, when known. */
  architecture: ModelArchitecture | undefined;
  /** The per-GPU memory estimate, when the architecture and GPU memory are known. */
  estimate: MemoryEstimate | undefined;
  /** Changes that reduce memory, best first; filled when the estimate does not fit. */
  memoryFixes: MemoryFix[];
}

/** Options of {@link validateTrainJob}. */
export interface ValidateTrainJobOptions {
  /** Report an estimate over the limit as a warning instead of an error. Default false. */
  allowMemoryOverrun?: boolean;
}

function withChanges(job: TrainJob, change: (copy: TrainJob) => void): TrainJob {
  const copy = structuredClone(job);
  change(copy);
  return copy;
}

function proposeMemoryFixes(job: TrainJob, architecture: ModelArchitecture, gpuMemoryGiB: number): MemoryFix[] {
  const fixes: MemoryFix[] = [];
  const layout = computeParallelLayout(job);
  const consider = (settings: string[], description: string, change: (copy: TrainJob) => void) => {
    const changed = withChanges(job, change);
    const changedLayout = computeParallelLayout(changed);
    if (changedLayout.worldSize % changedLayout.modelParallelSize !== 0) return;
    if (changed.batch.global % (changed.batch.micro * changedLayout.dataParallelSize) !== 0) return;
    const estimate = estimateMemory(changed, { architecture, gpuMemoryGiB });
    fixes.push({ settings, description, totalGiB: estimate.totalGiB, fits: estimate.fits });
  };
  const { tensor, context, distributedOptimizer, deepspeed, ulysses } = job.parallelism;
  if (job.backend === 'megatron') {
    if (job.recompute.granularity !== 'full') {
      consider(['recompute.granularity=full', 'recompute.method=uniform', 'recompute.layers=1'], 'full recompute (keep only layer inputs)', (copy) => {
        copy.recompute = { granularity: 'full', method: 'uniform', layers: 1 };
      });
    }
    const doubled = tensor * 2;
    if (doubled <= job.cluster.gpusPerNode && architecture.keyValueHeads % doubled === 0 && architecture.attentionHeads % doubled === 0) {
      consider([`parallelism.tensor=${doubled}`, 'parallelism.sequenceParallel=true'], `tensor parallel ${doubled} with sequence parallelism`, (copy) => {
        copy.parallelism.tensor = doubled;
        copy.parallelism.sequenceParallel = true;
      });
    }
    if (job.sequence.maxLength >= 16_384) {
      consider([`parallelism.context=${context * 2}`], `context parallel ${context * 2}`, (copy) => {
        copy.parallelism.context = context * 2;
      });
    }
    if (!distributedOptimizer && layout.dataParallelSize > 1) {
      consider(['parallelism.distributedOptimizer=true'], 'distributed optimizer (ZeRO-1)', (copy) => {
        copy.parallelism.distributedOptimizer = true;
      });
    }
  } else {
    if (job.recompute.granularity === 'none') {
      consider(['recompute.granularity=full'], 'gradient checkpointing', (copy) => {
        copy.recompute.granularity = 'full';
      });
    }
    const stages = ['none', 'zero0', 'zero1', 'zero2', 'zero3'] as const;
    for (const stage of stages.slice(stages.indexOf(deepspeed) + 1).filter((stage) => stage !== 'zero0')) {
      consider([`parallelism.deepspeed=${stage}`], `DeepSpeed ZeRO stage ${stage.slice(-1)}`, (copy) => {
        copy.parallelism.deepspeed = stage;
      });
    }
    if (job.sequence.maxLength >= 16_384) {
      consider([`parallelism.ulysses=${ulysses * 2}`], `sequence parallel (Ulysses) ${ulysses * 2}`, (copy) => {
        copy.parallelism.ulysses = ulysses * 2;
      });
    }
  }
  return fixes.sort((left, right) => Number(right.fits) - Number(left.fits) || left.totalGiB - right.totalGiB);
}

/**
 * Checks a job before anything is written: the ms-swift version, the parallel layout (world
 * size divisible by TP·PP·CP, global batch divisible by micro batch × DP, TP dividing the head
 * counts, PP dividing the layers, recompute chunks dividing the layers per stage), sequence
 * length against the native context, version-gated features, every enumerated flag value
 * against the choices the targeted ms-swift release accepts (`SWIFT_CHOICE_TABLE`), the
 * learning-rate floor below the peak, hand-written flags against the 3.x/4.x renames, and the
 * per-GPU memory estimate against the GPU with fixes proposed (full recompute, more TP, CP, a
 * ZeRO stage). Dataset files are checked by `checkTrainJobDatasets`.
 * Issues use `path.to.field` paths of the job.
 */
export function validateTrainJob(job: TrainJob, options: ValidateTrainJobOptions = {}): TrainJobValidation {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const layout = computeParallelLayout(job);
  let version;
  try {
    version = parseSwiftVersion(job.swiftVersion);
  } catch (error) {
    errors.push({ path: 'swiftVersion', message: (error as Error).message.replace(/^swiftVersion: /, '') });
  }
  const megatron = job.backend === 'megatron';
  const { tensor, pipeline, context, expert, sequenceParallel } = job.parallelism;
  const { worldSize, modelParallelSize, dataParallelSize } = layout;

  if (megatron && worldSize % modelParallelSize !== 0) {
    errors.push({
      path: 'parallelism',
      message: `the world size ${worldSize} (${job.cluster.nodes} nodes × ${job.cluster.gpusPerNode} GPUs) is not divisible by TP·PP·CP = ${tensor}·${pipeline}·${context} = ${modelParallelSize}`,
    });
  } else if (!megatron && worldSize % job.parallelism.ulysses !== 0) {
    errors.push({ path: 'parallelism.ulysses', message: `the world size ${worldSize} is not divisible by the sequence parallel size ${job.parallelism.ulysses}` });
  } else if (job.batch.global % (job.batch.micro * dataParallelSize) !== 0) {
    errors.push({
      path: 'batch.global',
      message: `the global batch ${job.batch.global} is not divisible by micro batch × data-parallel size = ${job.batch.micro} × ${dataParallelSize} = ${job.batch.micro * dataParallelSize}; use a multiple of ${job.batch.micro * dataParallelSize}`,
    });
  }
  if (megatron && tensor > 8) warnings.push({ path: 'parallelism.tensor', message: 'tensor parallelism beyond 8 GPUs leaves the NVLink domain of one node' });
  if (megatron && tensor > job.cluster.gpusPerNode) {
    warnings.push({ path: 'parallelism.tensor', message: `TP ${tensor} spans nodes (gpusPerNode ${job.cluster.gpusPerNode}); keep TP inside a node and use DP/PP across nodes` });
  }
  if (megatron && sequenceParallel && tensor === 1) {
    warnings.push({ path: 'parallelism.sequenceParallel', message: 'sequence parallelism needs TP > 1; Megatron-SWIFT turns it off silently at TP 1' });
  }
  if (megatron && expert > 1 && (dataParallelSize * context) % expert !== 0) {
    errors.push({ path: 'parallelism.expert', message: `expert parallel size ${expert} must divide DP·CP = ${dataParallelSize * context}` });
  }
  if (!megatron && (tensor > 1 || pipeline > 1 || context > 1)) {
    errors.push({ path: 'parallelism', message: 'tensor, pipeline and context parallelism are Megatron features; use backend: megatron, or parallelism.ulysses / parallelism.deepspeed with swift' });
  }
  if (job.sequence.packing && !megatron && job.attentionBackend !== 'flash') {
    errors.push({ path: 'sequence.packing', message: '`swift sft` packs only with flash attention; set attentionBackend: flash' });
  }
  if (job.sequence.packing) {
    warnings.push({ path: 'sequence.packing', message: 'with packing the global batch counts packed rows, not samples, so steps and the effective learning rate change' });
  }

  const architecture = job.model.architecture ?? findModelArchitecture(job.model.id);
  if (!architecture) {
    errors.push({
      path: 'model.architecture',
      message: `${job.model.id} is not a known model; add model.architecture (layers, hiddenSize, ffnHiddenSize, attentionHeads, keyValueHeads, headDimension, vocabularySize, tiedEmbeddings, nativeContextLength) from its config.json`,
    });
  } else {
    if (megatron && (architecture.attentionHeads % tensor !== 0 || architecture.keyValueHeads % tensor !== 0)) {
      errors.push({ path: 'parallelism.tensor', message: `TP ${tensor} must divide the ${architecture.attentionHeads} query heads and ${architecture.keyValueHeads} key/value heads` });
    }
    if (megatron && architecture.layers % pipeline !== 0) {
      errors.push({ path: 'parallelism.pipeline', message: `PP ${pipeline} must divide the ${architecture.layers} layers` });
    } else if (megatron && job.recompute.granularity === 'full' && (architecture.layers / pipeline) % job.recompute.layers !== 0) {
      errors.push({ path: 'recompute.layers', message: `recompute.layers ${job.recompute.layers} must divide the ${architecture.layers / pipeline} layers per pipeline stage` });
    }
    const reach = job.sequence.ropeScaling?.maxModelLength ?? architecture.nativeContextLength;
    if (job.sequence.maxLength > reach) {
      errors.push({
        path: 'sequence.maxLength',
        message: `${job.sequence.maxLength} tokens exceed the ${reach}-token context of ${job.model.id}; add sequence.ropeScaling { type: yarn, maxModelLength: ${job.sequence.maxLength} }`,
      });
    }
  }

  if (version) {
    if (job.tuner.type === 'lora' && job.tuner.merge !== undefined && !megatron) {
      errors.push({
        path: 'tuner.merge',
        message: '`swift sft` has no --merge_lora: it saves the LoRA adapter; merge it after training with `swift export --adapters <checkpoint> --merge_lora true`, or remove tuner.merge',
      });
    }
    if (!job.logging.tensorboard && megatron && version.major < 4) {
      warnings.push({ path: 'logging.tensorboard', message: `Megatron-SWIFT ${version.text} always writes TensorBoard logs; tensorboard: false has no effect` });
    }
    if (job.weights === 'mcore' && job.tuner.type === 'lora') {
      errors.push({ path: 'weights', message: 'LoRA with a converted Megatron checkpoint needs a merge step swespot does not emit; use weights: bridge' });
    }
    if (job.weights === 'mcore' && !megatron) {
      warnings.push({ path: 'weights', message: '`swift sft` trains HF weights directly; weights: mcore is ignored' });
    }
    const render = megatron ? renderMegatronSftArguments : renderSwiftSftArguments;
    const rendered = new Set(render({ ...job, extraArguments: {} }).map((argument) => argument.name));
    errors.push(...checkSwiftChoices(render(job), job.backend, version, new Set(Object.keys(job.extraArguments))));
    for (const name of Object.keys(job.extraArguments)) {
      const renameMessage = checkFlagForVersion(name, version.major, job.backend);
      if (renameMessage) errors.push({ path: `extraArguments.${name}`, message: renameMessage });
      else if (rendered.has(name)) errors.push({ path: `extraArguments.${name}`, message: `--${name} is already written from the job's own fields; set it there` });
    }
  }
  const peak = peakLearningRate(job);
  if (job.learningRate.schedule !== 'constant' && job.learningRate.min >= peak) {
    errors.push({
      path: 'learningRate.min',
      message: `the floor ${job.learningRate.min} must be below the peak learning rate ${peak}: the ${job.learningRate.schedule} schedule decays from the peak to it`,
    });
  }
  // The k8s target keeps unset caches on the shared claim by itself.
  if (job.cluster.nodes > 1 && !job.cluster.sharedStorage.modelscopeCache && !job.cluster.kubernetes.persistentVolumeClaim) {
    warnings.push({
      path: 'cluster.sharedStorage.modelscopeCache',
      message: 'multi-node runs hang when nodes preprocess into different caches; set MODELSCOPE_CACHE (and huggingfaceHome) to shared storage',
    });
  }

  let estimate: MemoryEstimate | undefined;
  let memoryFixes: MemoryFix[] = [];
  const gpuMemoryGiB = resolveGpuMemoryGiB(job.cluster);
  if (gpuMemoryGiB === undefined) {
    errors.push({ path: 'cluster.gpuType', message: `unknown GPU type ${job.cluster.gpuType ?? ''}; set cluster.gpuMemoryGiB to its memory in GiB` });
  } else if (architecture) {
    estimate = estimateMemory(job, { architecture, gpuMemoryGiB });
    if (!estimate.fits) {
      memoryFixes = proposeMemoryFixes(job, architecture, gpuMemoryGiB);
      const fixes = memoryFixes
        .map((fix) => `${fix.description} (${fix.settings.map((setting) => `--set ${setting}`).join(' ')}): ${fix.totalGiB.toFixed(1)} GiB${fix.fits ? ', fits' : ', still too much'}`)
        .join('; ');
      const issue = {
        path: 'recompute.granularity',
        message: `estimated ${estimate.totalGiB.toFixed(1)} GiB per GPU (activations ${estimate.activationsGiB.toFixed(1)} GiB with ${job.recompute.granularity} recompute) exceeds ${Math.round(100 * (estimate.limitGiB / estimate.gpuMemoryGiB))}% of the ${estimate.gpuMemoryGiB.toFixed(1)} GiB GPU (${estimate.limitGiB.toFixed(1)} GiB). ${fixes ? `Fixes: ${fixes}` : 'Use more GPUs or a shorter maxLength.'}`,
      };
      if (options.allowMemoryOverrun) warnings.push(issue);
      else errors.push(issue);
    }
  }
  return { errors, warnings, layout, architecture, estimate, memoryFixes };
}

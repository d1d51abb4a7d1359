import { formatSwiftNumber, formatSwiftValue, type SwiftArgument } from './swift-argument';
import { findModelArchitecture } from './model-architecture';
import { isSwiftVersionAtLeast, parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';

/** Where the HF→Megatron conversion writes the base model when `weights` is `mcore`: beside the output directory. */
export function mcoreBaseDirectory(job: TrainJob): string {
  return `${job.output.dir.replace(/\/+$/, '')}-base-mcore`;
}

/** The `--dataset` values: `path` or `path#N`. */
export function datasetArgumentValues(job: TrainJob): string[] {
  return job.datasets.map((dataset) => (dataset.samples === undefined ? dataset.path : `${dataset.path}#${dataset.samples}`));
}

/** The documented JSON form of `--rope_scaling` (Megatron-SWIFT: "pass a JSON string"). */
export function ropeScalingJson(job: TrainJob): string | undefined {
  const scaling = job.sequence.ropeScaling;
  if (!scaling) return undefined;
  const architecture = job.model.architecture ?? findModelArchitecture(job.model.id);
  const original = architecture?.nativeContextLength ?? 32_768;
  const factor = Math.max(1, Math.ceil(scaling.maxModelLength / original));
  return JSON.stringify({ rope_type: scaling.type, factor, original_max_position_embeddings: original });
}

/** The default learning rate when `learningRate.peak` is unset: 1e-5 for full tuning, 1e-4 for LoRA (ms-swift's own defaults). */
export function peakLearningRate(job: TrainJob): number {
  return job.learningRate.peak ?? (job.tuner.type === 'lora' ? 1e-4 : 1e-5);
}

/**
 * Renders the arguments of `megatron sft` for a job, named as `job.swiftVersion` names them:
 * 3.10–3.12 (`--train_type`, `--save`, `--max_epochs`, `--save_interval`, `--num_workers`,
 * `--distributed_backend`, `--load_safetensors`) or 4.x (`--tuner_type`, `--output_dir`,
 * `--num_train_epochs`, `--save_steps`, `--dataloader_num_workers`, `--ddp_backend`,
 * `--report_to`). Flags whose default changed between versions (`--finetune`,
 * `--cross_entropy_loss_fusion`) and flags the paper relies on are always written; optional
 * ones only when the job sets them. For the `swespot-4b` preset on 3.10/3.11 this is SWE-Spot's
 * `train/mix_django.sh`, flag for flag.
 */
export function renderMegatronSftArguments(job: TrainJob): SwiftArgument[] {
  const version = parseSwiftVersion(job.swiftVersion);
  const v4 = version.major === 4;
  const out: SwiftArgument[] = [];
  const add = (name: string, ...values: Array<string | number | boolean>) => {
    out.push({ name, values: values.map(formatSwiftValue) });
  };

  add('finetune', true);
  if (job.weights === 'bridge') add('model', job.model.id);
  else add(v4 ? 'mcore_model' : 'load', mcoreBaseDirectory(job));
  add(v4 ? 'tuner_type' : 'train_type', job.tuner.type);
  if (job.tuner.type === 'lora') {
    add('lora_rank', job.tuner.rank);
    add('lora_alpha', job.tuner.alpha);
    if (job.tuner.dropout !== undefined) add('lora_dropout', job.tuner.dropout);
    add('target_modules', ...job.tuner.targets);
    if (job.tuner.merge !== undefined) add('merge_lora', job.tuner.merge);
  }
  add('split_dataset_ratio', job.splitDatasetRatio);
  add('dataset', ...datasetArgumentValues(job));
  add('max_length', job.sequence.maxLength);
  add('truncation_strategy', job.sequence.truncation);
  add('loss_scale', job.sequence.lossScale);
  if (job.sequence.agentTemplate) add('agent_template', job.sequence.agentTemplate);
  const rope = ropeScalingJson(job);
  if (rope) add('rope_scaling', rope);
  add('load_from_cache_file', job.dataLoader.loadFromCache);
  add('micro_batch_size', job.batch.micro);
  add('global_batch_size', job.batch.global);
  if (job.epochs !== undefined) add(v4 ? 'num_train_epochs' : 'max_epochs', job.epochs);
  else add('train_iters', job.iterations as number);
  add(v4 ? 'save_steps' : 'save_interval', job.output.saveInterval);
  add(v4 ? 'eval_steps' : 'eval_interval', job.output.evalInterval ?? job.output.saveInterval);
  add('lr', formatSwiftNumber(peakLearningRate(job)));
  add('lr_decay_style', job.learningRate.schedule);
  add('min_lr', formatSwiftNumber(job.learningRate.min));
  add('lr_warmup_fraction', job.learningRate.warmupFraction);
  if (job.optimizer.weightDecay !== undefined) add('weight_decay', job.optimizer.weightDecay);
  if (job.optimizer.adamBeta1 !== undefined) add('adam_beta1', job.optimizer.adamBeta1);
  if (job.optimizer.adamBeta2 !== undefined) add('adam_beta2', job.optimizer.adamBeta2);
  if (job.optimizer.clipGradient !== undefined) add('clip_grad', job.optimizer.clipGradient);

  const { tensor, pipeline, context, expert, sequenceParallel } = job.parallelism;
  add('tensor_model_parallel_size', tensor);
  if (pipeline > 1) add('pipeline_model_parallel_size', pipeline);
  if (context > 1) add('context_parallel_size', context);
  if (expert > 1) add('expert_model_parallel_size', expert);
  if (sequenceParallel) add('sequence_parallel', true);
  add('recompute_granularity', job.recompute.granularity);
  if (job.recompute.granularity === 'full') {
    add('recompute_method', job.recompute.method);
    add('recompute_num_layers', job.recompute.layers);
  }
  add('use_distributed_optimizer', job.parallelism.distributedOptimizer);
  if (job.precision !== 'auto') add(job.precision, true);

  add(v4 ? 'output_dir' : 'save', job.output.dir);
  add(v4 ? 'logging_steps' : 'log_interval', job.output.logInterval);
  add('no_save_optim', !job.output.saveOptimizer);
  add('no_save_rng', !job.output.saveRng);
  if (v4) {
    const reporters = [...(job.logging.tensorboard ? ['tensorboard'] : []), ...(job.logging.wandb ? ['wandb'] : [])];
    if (reporters.length > 0) add('report_to', ...reporters);
  } else if (isSwiftVersionAtLeast(version, 3, 12) && job.logging.wandb) {
    // 3.12 takes one reporter besides the always-on tensorboard.
    add('report_to', 'wandb');
  }
  if (job.logging.wandb) {
    add('wandb_project', job.logging.wandb.project);
    add('wandb_exp_name', job.logging.wandb.experimentName ?? job.name);
  }
  if (job.parallelism.overlapGradientReduce !== undefined) add('overlap_grad_reduce', job.parallelism.overlapGradientReduce);
  if (job.parallelism.overlapParameterGather !== undefined) add('overlap_param_gather', job.parallelism.overlapParameterGather);
  add('cross_entropy_loss_fusion', job.crossEntropyLossFusion);
  add('packing', job.sequence.packing);
  if (job.dataLoader.workers !== undefined) add(v4 ? 'dataloader_num_workers' : 'num_workers', job.dataLoader.workers);
  if (job.dataLoader.preprocessWorkers !== undefined) add('dataset_num_proc', job.dataLoader.preprocessWorkers);
  add('attention_backend', job.attentionBackend);
  add(v4 ? 'ddp_backend' : 'distributed_backend', 'nccl');
  // 3.10/3.11 load HF weights only with --load_safetensors true; 3.12 ignores it, 4.x removed it.
  if (!v4 && version.minor < 12 && job.weights === 'bridge') add('load_safetensors', true);
  add('save_safetensors', job.weights === 'bridge');
  if (job.weights === 'bridge') add('use_hf', job.model.hub === 'huggingface');
  for (const [name, value] of Object.entries(job.extraArguments)) {
    add(name, ...(Array.isArray(value) ? value : [value]));
  }
  return out;
}

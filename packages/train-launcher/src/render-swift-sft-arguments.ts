import { computeParallelLayout } from './compute-parallel-layout';
import { datasetArgumentValues, peakLearningRate } from './render-megatron-sft-arguments';
import { formatSwiftNumber, formatSwiftValue, type SwiftArgument } from './swift-argument';
import { parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';

/** A Hugging Face `lr_scheduler_type` and its `lr_scheduler_kwargs`. */
export interface HuggingFaceScheduler {
  /** A `transformers.SchedulerType` value, e.g. `cosine_with_min_lr`. */
  type: 'cosine' | 'cosine_with_min_lr' | 'linear' | 'polynomial' | 'constant' | 'constant_with_warmup';
  /** Its `lr_scheduler_kwargs`, when it needs any. */
  kwargs?: Record<string, number>;
}

/**
 * The Hugging Face scheduler that runs the schedule `megatron sft` runs for the same job
 * (Megatron's `OptimizerParamScheduler`: linear warmup from 0, then decay to `--min_lr`):
 * cosine to 0 is `cosine`; cosine to a floor is `cosine_with_min_lr` with `min_lr`; linear to 0
 * is `linear`; linear to a floor is `polynomial` with `lr_end` = the floor and `power` 1
 * (`(peak - lr_end) · remaining + lr_end`, Megatron's linear formula; HF's `linear` always ends
 * at 0); constant after a warmup is `constant_with_warmup` (HF's `constant` ignores warmup).
 */
export function huggingFaceScheduler(job: TrainJob): HuggingFaceScheduler {
  const { schedule, min, warmupFraction } = job.learningRate;
  if (schedule === 'constant') return { type: warmupFraction > 0 ? 'constant_with_warmup' : 'constant' };
  if (min === 0) return { type: schedule };
  return schedule === 'cosine' ? { type: 'cosine_with_min_lr', kwargs: { min_lr: min } } : { type: 'polynomial', kwargs: { lr_end: min, power: 1 } };
}

/**
 * Renders the arguments of `swift sft` (HF Trainer with DeepSpeed) for a job, named as
 * `job.swiftVersion` names them (`--train_type` before 4.0, `--tuner_type` from 4.0). The global
 * batch becomes `--per_device_train_batch_size` × `--gradient_accumulation_steps` × DP, with
 * DP = world size / `--sequence_parallel_size`; the learning-rate schedule is the Hugging Face
 * scheduler that means what Megatron's does ({@link huggingFaceScheduler}).
 */
export function renderSwiftSftArguments(job: TrainJob): SwiftArgument[] {
  const version = parseSwiftVersion(job.swiftVersion);
  const layout = computeParallelLayout(job);
  const out: SwiftArgument[] = [];
  const add = (name: string, ...values: Array<string | number | boolean>) => {
    out.push({ name, values: values.map(formatSwiftValue) });
  };

  add('model', job.model.id);
  add('use_hf', job.model.hub === 'huggingface');
  add(version.major === 4 ? 'tuner_type' : 'train_type', job.tuner.type);
  if (job.tuner.type === 'lora') {
    add('lora_rank', job.tuner.rank);
    add('lora_alpha', job.tuner.alpha);
    if (job.tuner.dropout !== undefined) add('lora_dropout', job.tuner.dropout);
    add('target_modules', ...job.tuner.targets);
  }
  add('dataset', ...datasetArgumentValues(job));
  add('split_dataset_ratio', job.splitDatasetRatio);
  add('max_length', job.sequence.maxLength);
  add('truncation_strategy', job.sequence.truncation);
  add('loss_scale', job.sequence.lossScale);
  if (job.sequence.agentTemplate) add('agent_template', job.sequence.agentTemplate);
  if (job.sequence.ropeScaling) {
    add('rope_scaling', job.sequence.ropeScaling.type);
    add('max_model_len', job.sequence.ropeScaling.maxModelLength);
  }
  add('packing', job.sequence.packing);
  // Packing and padding-free need flash attention in `swift sft`; it is also the fast path.
  if (job.attentionBackend === 'flash') add('attn_impl', 'flash_attn');
  add('load_from_cache_file', job.dataLoader.loadFromCache);
  if (job.dataLoader.preprocessWorkers !== undefined) add('dataset_num_proc', job.dataLoader.preprocessWorkers);
  if (job.dataLoader.workers !== undefined) add('dataloader_num_workers', job.dataLoader.workers);
  if (job.precision !== 'auto') add('torch_dtype', job.precision === 'bf16' ? 'bfloat16' : 'float16');
  add('per_device_train_batch_size', job.batch.micro);
  add('gradient_accumulation_steps', layout.gradientAccumulationSteps);
  if (job.epochs !== undefined) add('num_train_epochs', job.epochs);
  else add('max_steps', job.iterations as number);
  add('learning_rate', formatSwiftNumber(peakLearningRate(job)));
  const scheduler = huggingFaceScheduler(job);
  add('lr_scheduler_type', scheduler.type);
  if (scheduler.kwargs) add('lr_scheduler_kwargs', JSON.stringify(scheduler.kwargs));
  add('warmup_ratio', job.learningRate.warmupFraction);
  if (job.optimizer.weightDecay !== undefined) add('weight_decay', job.optimizer.weightDecay);
  if (job.optimizer.adamBeta1 !== undefined) add('adam_beta1', job.optimizer.adamBeta1);
  if (job.optimizer.adamBeta2 !== undefined) add('adam_beta2', job.optimizer.adamBeta2);
  if (job.optimizer.clipGradient !== undefined) add('max_grad_norm', job.optimizer.clipGradient);
  add('gradient_checkpointing', job.recompute.granularity !== 'none');
  if (job.parallelism.deepspeed !== 'none') add('deepspeed', job.parallelism.deepspeed);
  if (job.parallelism.ulysses > 1) add('sequence_parallel_size', job.parallelism.ulysses);
  add('output_dir', job.output.dir);
  // A fixed directory instead of vN-<timestamp>/, so every node and the export step agree on it.
  add('add_version', false);
  add('save_steps', job.output.saveInterval);
  add('eval_steps', job.output.evalInterval ?? job.output.saveInterval);
  add('logging_steps', job.output.logInterval);
  if (!job.output.saveOptimizer) add('save_only_model', true);
  const reporters = [...(job.logging.tensorboard ? ['tensorboard'] : []), ...(job.logging.wandb ? ['wandb'] : [])];
  add('report_to', ...(reporters.length > 0 ? reporters : ['none']));
  if (job.logging.wandb) add('run_name', job.logging.wandb.experimentName ?? job.name);
  for (const [name, value] of Object.entries(job.extraArguments)) {
    add(name, ...(Array.isArray(value) ? value : [value]));
  }
  return out;
}

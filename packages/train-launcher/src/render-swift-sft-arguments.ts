import { computeParallelLayout } from './compute-parallel-layout';
import { datasetArgumentValues, peakLearningRate } from './render-megatron-sft-arguments';
import { formatSwiftNumber, formatSwiftValue, type SwiftArgument } from './swift-argument';
import { parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';

/**
 * Renders the arguments of `swift sft` (HF Trainer with DeepSpeed) for a job, named as
 * `job.swiftVersion` names them (`--train_type` before 4.0, `--tuner_type` from 4.0). The global
 * batch becomes `--per_device_train_batch_size` × `--gradient_accumulation_steps` × DP, with
 * DP = world size / `--sequence_parallel_size`; a cosine schedule with a floor becomes
 * `cosine_with_min_lr` with `--lr_scheduler_kwargs '{"min_lr": ...}'`.
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
  if (job.learningRate.schedule === 'cosine' && job.learningRate.min > 0) {
    add('lr_scheduler_type', 'cosine_with_min_lr');
    add('lr_scheduler_kwargs', JSON.stringify({ min_lr: job.learningRate.min }));
  } else {
    add('lr_scheduler_type', job.learningRate.schedule);
  }
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

/**
 * The learning rate at each step, as the two trainers compute it, transcribed so a test can
 * compare the schedule `megatron sft` runs with the one `swift sft` runs for the same job.
 *
 * Megatron: `OptimizerParamScheduler.get_lr` (megatron/core/optimizer_param_scheduler.py), with
 * `init_lr` 0 and `lr_decay_steps` = `train_iters` (ms-swift's defaults). Hugging Face: the
 * `lr_lambda` of each `SchedulerType` in transformers 4.57.6 / 5.17.0 `optimization.py`, times the
 * peak (LambdaLR multiplies by the optimizer's initial lr).
 */

/** Megatron-LM's learning rate at `step` of `total`, warmup `warmup` steps. */
export function megatronLearningRate(style: 'cosine' | 'linear' | 'constant', peak: number, min: number, warmup: number, total: number, step: number): number {
  if (warmup > 0 && step <= warmup) return (peak * step) / warmup;
  if (style === 'constant') return peak;
  if (step > total) return min;
  const ratio = (step - warmup) / (total - warmup);
  const coefficient = style === 'linear' ? 1 - ratio : 0.5 * (Math.cos(Math.PI * ratio) + 1);
  return min + coefficient * (peak - min);
}

/**
 * Hugging Face's learning rate at `step` for `lr_scheduler_type` with `lr_scheduler_kwargs`
 * (only the schedulers a training job can mean; anything else throws so a new emission is
 * never compared against a guess).
 */
export function huggingFaceLearningRate(type: string, kwargs: Record<string, number>, peak: number, warmup: number, total: number, step: number): number {
  const warmupFactor = () => step / Math.max(1, warmup);
  switch (type) {
    case 'constant':
      return peak;
    case 'constant_with_warmup':
      return peak * (step < warmup ? warmupFactor() : 1);
    case 'linear':
      if (step < warmup) return peak * warmupFactor();
      return peak * Math.max(0, (total - step) / Math.max(1, total - warmup));
    case 'cosine':
    case 'cosine_with_min_lr': {
      if (step < warmup) return peak * warmupFactor();
      const minRate = type === 'cosine' ? 0 : (kwargs.min_lr as number) / peak;
      const progress = (step - warmup) / Math.max(1, total - warmup);
      const factor = 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress));
      return peak * Math.max(0, factor * (1 - minRate) + minRate);
    }
    case 'polynomial': {
      const lrEnd = kwargs.lr_end ?? 1e-7;
      const power = kwargs.power ?? 1;
      if (!(peak > lrEnd)) throw new Error(`lr_end (${lrEnd}) must be smaller than initial lr (${peak})`);
      if (step < warmup) return peak * warmupFactor();
      if (step > total) return lrEnd;
      const remaining = 1 - (step - warmup) / (total - warmup);
      return (peak - lrEnd) * remaining ** power + lrEnd;
    }
    default:
      throw new Error(`no transcription of the ${type} scheduler`);
  }
}

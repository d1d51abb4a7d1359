/**
 * Megatron-SWIFT flags renamed by ms-swift 4.0 (commits d7c7db3ad, 9204c5585; reference note §2),
 * as `3.x name → 4.x name`; `null` where 4.x has no counterpart (`--load_safetensors`: 4.x always
 * loads safetensors through mcore-bridge). `train_type → tuner_type` also applies to `swift sft`
 * (4.0 warns, 4.1+ rejects).
 */
export const MEGATRON_FLAG_RENAMES_V4: Readonly<Record<string, string | null>> = {
  train_type: 'tuner_type',
  load: 'mcore_model',
  adapter_load: 'mcore_adapter',
  ref_load: 'mcore_ref_model',
  ref_adapter_load: 'mcore_ref_adapter',
  save: 'output_dir',
  max_epochs: 'num_train_epochs',
  save_interval: 'save_steps',
  eval_interval: 'eval_steps',
  log_interval: 'logging_steps',
  num_workers: 'dataloader_num_workers',
  distributed_backend: 'ddp_backend',
  distributed_timeout_minutes: 'ddp_timeout',
  no_initialization: 'perform_initialization',
  no_gradient_accumulation_fusion: 'gradient_accumulation_fusion',
  no_masked_softmax_fusion: 'masked_softmax_fusion',
  no_bias_dropout_fusion: 'bias_dropout_fusion',
  no_rope_fusion: 'apply_rope_fusion',
  load_safetensors: null,
};

/**
 * Checks a flag name given by hand (`extraArguments`) against the renames between 3.x and 4.x,
 * and returns a message naming the right spelling, or `undefined` when the name is not one the
 * other major version owns. Names it cannot know about pass: only ms-swift itself knows its full
 * argument list.
 */
export function checkFlagForVersion(name: string, major: 3 | 4, backend: 'megatron' | 'swift'): string | undefined {
  const renames = backend === 'megatron' ? MEGATRON_FLAG_RENAMES_V4 : { train_type: 'tuner_type' };
  if (major === 4 && name in renames) {
    const renamed = renames[name as keyof typeof renames];
    return renamed === null
      ? `--${name} does not exist in ms-swift 4.x (remove it; --model loads safetensors directly)`
      : `ms-swift 4.x renamed --${name} to --${renamed}; an unknown flag is fatal there`;
  }
  if (major === 3) {
    const old = Object.entries(renames).find(([, renamed]) => renamed === name);
    if (old) return `--${name} is the ms-swift 4.x name; ms-swift 3.x calls it --${old[0]}`;
  }
  return undefined;
}

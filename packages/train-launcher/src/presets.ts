import { InvalidArgumentError } from '@swespot/core';
import { LATEST_SWIFT_VERSION, PAPER_SWIFT_VERSION } from './swift-version';
import type { TrainJobInput } from './train-job-schema';

/**
 * The paper's recipe (SWE-Spot, §4 "Training Details" and `train/mix_django.sh`): full SFT of
 * Qwen3-4B-Instruct-2507 with Megatron-SWIFT on 2×H200, 2 epochs, global batch 16, micro batch 1,
 * max length 32,768 with left truncation, lr 1e-5 cosine to 1e-6 with warmup 0.03, full
 * recompute, distributed optimizer, the four RCX units at 2,048 rows each (8,192 rows, 1,024
 * steps), ms-swift {@link PAPER_SWIFT_VERSION}. Dataset paths are placeholders to override.
 */
const swespot4b: TrainJobInput = {
  name: 'swespot-4b',
  swiftVersion: PAPER_SWIFT_VERSION,
  backend: 'megatron',
  model: { id: 'Qwen/Qwen3-4B-Instruct-2507', hub: 'huggingface' },
  datasets: [
    'data/software-design.jsonl#2048',
    'data/contextual-implementation.jsonl#2048',
    'data/evolutionary-replay.jsonl#2048',
    'data/semantic-runtime-alignment.jsonl#2048',
  ],
  splitDatasetRatio: 0,
  tuner: { type: 'full' },
  epochs: 2,
  batch: { global: 16, micro: 1 },
  learningRate: { peak: 1e-5, schedule: 'cosine', min: 1e-6, warmupFraction: 0.03 },
  sequence: { maxLength: 32_768, truncation: 'left', packing: false, lossScale: 'default' },
  parallelism: { tensor: 1, distributedOptimizer: true, overlapGradientReduce: true, overlapParameterGather: true },
  recompute: { granularity: 'full', method: 'uniform', layers: 1 },
  attentionBackend: 'flash',
  crossEntropyLossFusion: true,
  weights: 'bridge',
  output: { dir: 'output/swespot-4b', saveInterval: 512, evalInterval: 256, logInterval: 1, saveOptimizer: false, saveRng: false },
  logging: { wandb: { project: 'swespot' } },
  dataLoader: { workers: 16, preprocessWorkers: 16, loadFromCache: true },
  cluster: { nodes: 1, gpusPerNode: 2, gpuType: 'H200' },
  environment: { OMP_NUM_THREADS: '16' },
};

/**
 * The paper's LoRA ablation (Table 4): `swespot-4b` with LoRA rank 128 on all linear layers.
 * Alpha 256 (2 × rank) and lr 1e-4 → 1e-5 are this preset's choices: the paper does not state
 * them (reference note §3: "usually --lr 1e-4").
 */
const swespot4bLora: TrainJobInput = {
  ...swespot4b,
  name: 'swespot-4b-lora',
  tuner: { type: 'lora', rank: 128, alpha: 256, targets: ['all-linear'] },
  learningRate: { peak: 1e-4, schedule: 'cosine', min: 1e-5, warmupFraction: 0.03 },
  output: { ...(swespot4b.output as NonNullable<TrainJobInput['output']>), dir: 'output/swespot-4b-lora' },
};

/**
 * SWE-Lego's SFT recipe (`examples/train_full/swe_lego_qwen3_8b.yaml`) moved to Megatron-SWIFT:
 * full SFT of Qwen3-8B, 4 epochs, global batch 64, lr 1e-4 cosine, warmup 0.1, weight decay 0.01,
 * 131,072 tokens with YaRN (Qwen3-8B is native 32k), on 2 nodes × 8 H200 with TP 2 + sequence
 * parallel and CP 2 so the 128k activations and logits fit. Error-masked turns reach ms-swift as
 * `"loss": false` (no flag needed). ms-swift {@link LATEST_SWIFT_VERSION}.
 */
const sweLego8b: TrainJobInput = {
  name: 'swe-lego-8b',
  swiftVersion: LATEST_SWIFT_VERSION,
  backend: 'megatron',
  model: { id: 'Qwen/Qwen3-8B', hub: 'huggingface' },
  datasets: ['data/swe-lego-trajectories.jsonl'],
  tuner: { type: 'full' },
  epochs: 4,
  batch: { global: 64, micro: 1 },
  learningRate: { peak: 1e-4, schedule: 'cosine', min: 0, warmupFraction: 0.1 },
  optimizer: { weightDecay: 0.01 },
  sequence: { maxLength: 131_072, truncation: 'delete', packing: false, lossScale: 'default', ropeScaling: { type: 'yarn', maxModelLength: 131_072 } },
  parallelism: { tensor: 2, context: 2, sequenceParallel: true, distributedOptimizer: true },
  recompute: { granularity: 'full', method: 'uniform', layers: 1 },
  output: { dir: 'output/swe-lego-8b', saveInterval: 500, logInterval: 1 },
  dataLoader: { workers: 8, preprocessWorkers: 16, loadFromCache: true },
  cluster: { nodes: 2, gpusPerNode: 8, gpuType: 'H200' },
};

/** Every preset by name: `swespot-4b`, `swespot-4b-lora`, `swe-lego-8b`. */
export const TRAIN_JOB_PRESETS: Readonly<Record<string, TrainJobInput>> = {
  'swespot-4b': swespot4b,
  'swespot-4b-lora': swespot4bLora,
  'swe-lego-8b': sweLego8b,
};

/**
 * A deep copy of a preset's job input, ready to edit.
 *
 * @throws {InvalidArgumentError} for an unknown name, listing the known ones.
 */
export function getTrainJobPreset(name: string): TrainJobInput {
  const preset = TRAIN_JOB_PRESETS[name];
  if (!preset) {
    throw new InvalidArgumentError({
      argument: 'preset',
      message: `preset: unknown preset "${name}"; choose one of ${Object.keys(TRAIN_JOB_PRESETS).join(', ')}`,
    });
  }
  return structuredClone(preset);
}

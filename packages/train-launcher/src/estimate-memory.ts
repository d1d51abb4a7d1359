import { computeParallelLayout } from './compute-parallel-layout';
import { countLoraParameters, countParameters, type ModelArchitecture } from './model-architecture';
import type { TrainJob } from './train-job-schema';

const GIB = 1024 ** 3;

/** CUDA context, NCCL buffers and allocator fragmentation per GPU, in GiB (reference note §8.2). */
export const MEMORY_OVERHEAD_GIB = 4;

/** Share of a GPU's memory the estimate may use; the rest is margin for what the formula misses. */
export const MEMORY_HEADROOM_FRACTION = 0.9;

/** A per-GPU memory estimate, every figure in GiB (2^30 bytes), for the busiest GPU. */
export interface MemoryEstimate {
  /** Parameters of the model. */
  parameters: number;
  /** Parameters that train (all for full tuning, the adapters for LoRA). */
  trainableParameters: number;
  /** Model weights held on one GPU. */
  weightsGiB: number;
  /** Gradients (fp32 main grads under Megatron, bf16 under DeepSpeed). */
  gradientsGiB: number;
  /** Optimizer states: fp32 master weights, Adam m and v, sharded by the distributed optimizer / ZeRO. */
  optimizerGiB: number;
  /** Activations kept for the backward pass, after recompute and TP/SP/CP sharding. */
  activationsGiB: number;
  /** Activations the same job would keep with full recompute, for comparison. */
  activationsWithFullRecomputeGiB: number;
  /** Activations the same job would keep without any recompute, for comparison. */
  activationsWithoutRecomputeGiB: number;
  /** Logits and the cross-entropy's fp32 copies on the last pipeline stage. */
  logitsGiB: number;
  /** {@link MEMORY_OVERHEAD_GIB}. */
  overheadGiB: number;
  /** Sum of the above. */
  totalGiB: number;
  /** Memory of one GPU. */
  gpuMemoryGiB: number;
  /** {@link MEMORY_HEADROOM_FRACTION} × gpuMemoryGiB: what the total must stay under. */
  limitGiB: number;
  /** totalGiB ≤ limitGiB. */
  fits: boolean;
}

/**
 * Bytes of activations one token leaves per layer without recompute, in bf16, for a Llama/Qwen3
 * block with flash attention (no s² term): the norm inputs, QKV input, Q/K/V/O around
 * flash-attn, the q/k-norm inputs, gate/up outputs and the down_proj input:
 * 2·(4h + 3·q_dim + 3·kv_dim + 4f). Qwen3-4B: 129,024 B ≈ 126 KiB (reference note §8.2, §8.4).
 */
export function activationBytesPerTokenPerLayer(architecture: ModelArchitecture): number {
  const queryDimension = architecture.attentionHeads * architecture.headDimension;
  const keyValueDimension = architecture.keyValueHeads * architecture.headDimension;
  return 2 * (4 * architecture.hiddenSize + 3 * queryDimension + 3 * keyValueDimension + 4 * architecture.ffnHiddenSize);
}

/** Options of {@link estimateMemory}. */
export interface EstimateMemoryOptions {
  /** The model's shape. */
  architecture: ModelArchitecture;
  /** Memory of one GPU in GiB. */
  gpuMemoryGiB: number;
}

/**
 * Estimates the memory of the busiest GPU of a job with the reference note's formula (§8.4):
 *
 * - static, Megatron: weights 2 B + fp32 grads 4 B + optimizer 12 B per parameter, the optimizer
 *   divided by DP under the distributed optimizer (6 + 12/DP B), all divided by TP·PP; LoRA keeps
 *   the frozen base in bf16 and pays the 16 B only on adapter parameters.
 *   `swift sft`: DeepSpeed ZeRO accounting over the world size N (zero3 16/N, zero2 2 + 14/N,
 *   zero1 4 + 12/N, zero0 16) and 8 B for plain DDP with bf16 AdamW states.
 * - activations per micro-batch of s = micro × maxLength tokens: full recompute keeps the layer
 *   inputs (2·h·s per layer) plus one layer's working set; selective recompute of core attention
 *   saves little with flash attention, so it counts like none (A·s per layer). Divided by TP
 *   when sequence parallelism is on and by CP (Ulysses for `swift sft`); with PP, the first stage
 *   holds min(PP, micro-batches) micro-batches of its layers under 1F1B.
 * - logits: s·V·(2 + 4k)/(TP·CP) bytes, k = 1 with fused cross-entropy, 2 without.
 * - plus {@link MEMORY_OVERHEAD_GIB}.
 *
 * SWE-Spot on 2×H200 at 32k with full recompute: 44.9 + 13.5 + 27.8 + 4 ≈ 90 GiB; with the
 * default selective recompute ≈ 218 GiB, which does not fit.
 */
export function estimateMemory(job: TrainJob, options: EstimateMemoryOptions): MemoryEstimate {
  const { architecture, gpuMemoryGiB } = options;
  const layout = computeParallelLayout(job);
  const { tensor, pipeline, context, sequenceParallel, distributedOptimizer, deepspeed, ulysses } = job.parallelism;
  const megatron = job.backend === 'megatron';
  const parameters = countParameters(architecture);
  const adapterParameters =
    job.tuner.type === 'lora' ? countLoraParameters(architecture, job.tuner.rank, job.tuner.targets) : 0;
  const trainableParameters = job.tuner.type === 'lora' ? adapterParameters : parameters;

  let weightsBytes: number;
  let gradientsBytes: number;
  let optimizerBytes: number;
  if (megatron) {
    const modelShards = tensor * pipeline;
    const optimizerShards = distributedOptimizer ? layout.dataParallelSize : 1;
    weightsBytes = (2 * (parameters + adapterParameters)) / modelShards;
    gradientsBytes = (4 * trainableParameters) / modelShards;
    optimizerBytes = (12 * trainableParameters) / modelShards / optimizerShards;
  } else {
    const world = layout.worldSize;
    const frozen = job.tuner.type === 'lora' ? parameters : 0;
    const shard = (stageShards: boolean) => (stageShards ? world : 1);
    const stage = deepspeed === 'none' ? -1 : Number(deepspeed.slice(-1));
    weightsBytes = (2 * frozen) / shard(stage >= 3) + (2 * trainableParameters) / shard(stage >= 3);
    gradientsBytes = (2 * trainableParameters) / shard(stage >= 2);
    // Plain DDP with bf16 weights: torch AdamW allocates m and v in bf16 and keeps no fp32 master.
    optimizerBytes = stage === -1 ? 4 * trainableParameters : (12 * trainableParameters) / shard(stage >= 1);
  }

  const tokens = job.batch.micro * job.sequence.maxLength;
  const perLayer = activationBytesPerTokenPerLayer(architecture);
  const layersPerStage = architecture.layers / (megatron ? pipeline : 1);
  const inFlightMicroBatches = megatron ? Math.min(pipeline, layout.gradientAccumulationSteps) : 1;
  const activationShards = megatron ? (sequenceParallel && tensor > 1 ? tensor : 1) * context : ulysses;
  const fullRecompute =
    ((2 * architecture.hiddenSize * layersPerStage * tokens * inFlightMicroBatches + 2 * perLayer * tokens) /
      activationShards) /
    GIB;
  const noRecompute = (perLayer * layersPerStage * tokens * inFlightMicroBatches) / activationShards / GIB;
  const recomputes = megatron ? job.recompute.granularity === 'full' : job.recompute.granularity !== 'none';
  const activationsGiB = recomputes ? fullRecompute : noRecompute;

  const crossEntropyCopies = megatron && job.crossEntropyLossFusion ? 1 : 2;
  const logitShards = megatron ? tensor * context : ulysses;
  const logitsGiB = (tokens * architecture.vocabularySize * (2 + 4 * crossEntropyCopies)) / logitShards / GIB;

  const weightsGiB = weightsBytes / GIB;
  const gradientsGiB = gradientsBytes / GIB;
  const optimizerGiB = optimizerBytes / GIB;
  const totalGiB = weightsGiB + gradientsGiB + optimizerGiB + activationsGiB + logitsGiB + MEMORY_OVERHEAD_GIB;
  const limitGiB = MEMORY_HEADROOM_FRACTION * gpuMemoryGiB;
  return {
    parameters,
    trainableParameters,
    weightsGiB,
    gradientsGiB,
    optimizerGiB,
    activationsGiB,
    activationsWithFullRecomputeGiB: fullRecompute,
    activationsWithoutRecomputeGiB: noRecompute,
    logitsGiB,
    overheadGiB: MEMORY_OVERHEAD_GIB,
    totalGiB,
    gpuMemoryGiB,
    limitGiB,
    fits: totalGiB <= limitGiB,
  };
}

/** One decimal, e.g. `90.2`. */
function gib(value: number): string {
  return value.toFixed(1);
}

/**
 * Renders an estimate as a few aligned lines, e.g.
 * `weights 7.5 + gradients 15.0 + optimizer 22.5 + activations 13.5 + logits 27.8 + overhead 4.0 = 90.2 GiB of 140.4 GiB (limit 126.4): fits`.
 */
export function formatMemoryEstimate(estimate: MemoryEstimate): string {
  const lines = [
    `parameters        ${(estimate.parameters / 1e9).toFixed(2)} B (${(estimate.trainableParameters / 1e9).toFixed(3)} B trained)`,
    `weights           ${gib(estimate.weightsGiB)} GiB`,
    `gradients         ${gib(estimate.gradientsGiB)} GiB`,
    `optimizer states  ${gib(estimate.optimizerGiB)} GiB`,
    `activations       ${gib(estimate.activationsGiB)} GiB (full recompute ${gib(estimate.activationsWithFullRecomputeGiB)}, none ${gib(estimate.activationsWithoutRecomputeGiB)})`,
    `logits            ${gib(estimate.logitsGiB)} GiB`,
    `overhead          ${gib(estimate.overheadGiB)} GiB`,
    `total per GPU     ${gib(estimate.totalGiB)} GiB of ${gib(estimate.gpuMemoryGiB)} GiB (limit ${gib(estimate.limitGiB)}): ${estimate.fits ? 'fits' : 'does not fit'}`,
  ];
  return `${lines.join('\n')}\n`;
}

import type { TrainJob } from './train-job-schema';

/** How a job's GPUs divide into model-parallel groups and data-parallel replicas. */
export interface ParallelLayout {
  /** GPUs in the job: nodes × gpusPerNode. */
  worldSize: number;
  /** GPUs that hold one copy of the model: TP·PP·CP for Megatron, the Ulysses size for `swift sft`. */
  modelParallelSize: number;
  /** Data-parallel replicas: worldSize / modelParallelSize (rounded down when it does not divide). */
  dataParallelSize: number;
  /** Micro-batches each replica runs per optimizer step: global / (micro × DP), rounded down. */
  gradientAccumulationSteps: number;
}

/** Computes the {@link ParallelLayout} of a job; pure arithmetic, the divisibility checks live in `validateTrainJob`. */
export function computeParallelLayout(job: TrainJob): ParallelLayout {
  const worldSize = job.cluster.nodes * job.cluster.gpusPerNode;
  const { tensor, pipeline, context, ulysses } = job.parallelism;
  const modelParallelSize = job.backend === 'megatron' ? tensor * pipeline * context : ulysses;
  const dataParallelSize = Math.max(1, Math.floor(worldSize / modelParallelSize));
  const gradientAccumulationSteps = Math.max(1, Math.floor(job.batch.global / (job.batch.micro * dataParallelSize)));
  return { worldSize, modelParallelSize, dataParallelSize, gradientAccumulationSteps };
}

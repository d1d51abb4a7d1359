/**
 * `@swespot/train-launcher`: training jobs for ms-swift (`swift sft`) and Megatron-SWIFT
 * (`megatron sft`): the job schema, the paper's presets, version-exact flag rendering for
 * ms-swift 3.10–3.12 and 4.x, checks (layout, memory, datasets) and emitters for local
 * machines and Slurm. Kubernetes PyTorchJobs are in `@swespot/train-launcher/kubernetes`.
 */
export { VERSION } from './version';

// the job
export { trainJobSchema, datasetEntrySchema, clusterSchema, type TrainJob, type TrainJobInput, type DatasetEntry } from './train-job-schema';
export { TRAIN_JOB_PRESETS, getTrainJobPreset } from './presets';
export { loadTrainJob, type LoadTrainJobOptions, type LoadedTrainJob } from './load-train-job';
export { parseSetting, applySetting, type Setting } from './apply-setting';
export { parseSwiftVersion, isSwiftVersionAtLeast, PAPER_SWIFT_VERSION, LATEST_SWIFT_VERSION, type SwiftVersion } from './swift-version';
export {
  modelArchitectureSchema,
  KNOWN_MODEL_ARCHITECTURES,
  findModelArchitecture,
  countParameters,
  countLoraParameters,
  type ModelArchitecture,
} from './model-architecture';
export { GPU_MEMORY_GIB, resolveGpuMemoryGiB } from './gpu-memory';
export {
  DEFAULT_CPUS_PER_GPU,
  DEFAULT_KUBERNETES_MEMORY_GIB_PER_GPU,
  DEFAULT_SLURM_TIME_LIMIT,
  resolveCpusPerTask,
  slurmTimeLimitSeconds,
} from './cluster-resources';

// checks
export { computeParallelLayout, type ParallelLayout } from './compute-parallel-layout';
export {
  estimateMemory,
  formatMemoryEstimate,
  activationBytesPerTokenPerLayer,
  MEMORY_OVERHEAD_GIB,
  MEMORY_HEADROOM_FRACTION,
  type MemoryEstimate,
  type EstimateMemoryOptions,
} from './estimate-memory';
export { validateTrainJob, type TrainJobValidation, type ValidateTrainJobOptions, type MemoryFix } from './validate-train-job';
export { checkTrainJobDatasets, type DatasetsCheck, type DatasetCheck, type CheckTrainJobDatasetsOptions } from './check-train-job-datasets';
export { planTrainJob, type TrainJobPlan, type PlanTrainJobOptions } from './plan-train-job';

// command lines
export { renderMegatronSftArguments, mcoreBaseDirectory, datasetArgumentValues, peakLearningRate, ropeScalingJson } from './render-megatron-sft-arguments';
export { renderSwiftSftArguments, huggingFaceScheduler, type HuggingFaceScheduler } from './render-swift-sft-arguments';
export { SWIFT_CHOICE_TABLE, SWIFT_CHOICE_RELEASES } from './swift-choices-table';
export { swiftChoicesFor, isEnumeratedSwiftFlag, checkSwiftChoices, type SwiftChoiceEntry } from './swift-choices';
export { toArgv, formatSwiftNumber, formatSwiftValue, type SwiftArgument } from './swift-argument';
export { MEGATRON_FLAG_RENAMES_V4, checkFlagForVersion } from './swift-flag-renames';
export {
  renderJobCommands,
  renderJobEnvironment,
  computeTrainIterations,
  exportedModelDirectory,
  visibleDevices,
  type JobCommand,
  type JobCommands,
} from './render-launch';

// emitters
export { emitLocalScripts } from './emit-local-scripts';
export { emitSlurmScript } from './emit-slurm-script';
export { emitSlurmShardArray, type SlurmShardArrayOptions } from './emit-slurm-shard-array';
export {
  shardJobSpecSchema,
  parseShardJobSpec,
  SHARD_INDEX_PLACEHOLDER,
  type ShardJobSpec,
  type ShardJobSpecInput,
} from './shard-job-spec';
export { emitResolvedJob } from './emit-resolved-job';
export { writeEmittedFiles, type WriteEmittedFilesOptions } from './write-emitted-files';
export { shellQuote } from './shell-script';
export type { EmittedFile, EmitOptions } from './emitted-file';

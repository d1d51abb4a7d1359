/**
 * `@swespot/train-launcher/kubernetes`: Kubeflow Training Operator v1 PyTorchJobs for
 * ms-swift / Megatron-SWIFT jobs, batch/v1 Indexed Jobs for sharded stages, and their
 * JSON-Schema validation (loads ajv).
 */
export { createPyTorchJob, PYTORCH_JOB_LAUNCH_SCRIPT, MINIMUM_TRAINING_OPERATOR_VERSION } from './create-pytorch-job';
export { emitPyTorchJob } from './emit-pytorch-job';
export { validatePyTorchJob } from './validate-pytorch-job';
export { pyTorchJobV1JsonSchema } from './pytorch-job-v1-json-schema';
export { createShardIndexedJob, createShardMergeJob, type KubernetesShardJobOptions } from './create-indexed-job';
export { emitShardIndexedJob } from './emit-indexed-job';
export { validateBatchJob } from './validate-batch-job';
export { batchJobV1JsonSchema } from './batch-job-v1-json-schema';

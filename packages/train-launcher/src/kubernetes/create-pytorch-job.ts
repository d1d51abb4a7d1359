import { InvalidConfigError } from '@swespot/core';
import { renderJobCommands, renderJobEnvironment } from '../render-launch';
import type { TrainJob } from '../train-job-schema';

/**
 * The shell line each pod runs. Kubeflow v1 injects `PET_NNODES` (replicas),
 * `PET_NODE_RANK` (Master 0, Worker i → i+1), `PET_NPROC_PER_NODE` (= spec.nprocPerNode) and
 * `MASTER_ADDR`/`MASTER_PORT`; ms-swift reads `NNODES`/`NODE_RANK`/`NPROC_PER_NODE`, so they are
 * mapped here. `WORLD_SIZE`/`RANK` are not used: with a numeric nprocPerNode, `WORLD_SIZE` is
 * nodes × GPUs, not the node count (reference note §6.5).
 */
export const PYTORCH_JOB_LAUNCH_SCRIPT =
  'set -euo pipefail; export NNODES="$PET_NNODES" NODE_RANK="$PET_NODE_RANK" NPROC_PER_NODE="$PET_NPROC_PER_NODE"; exec "$@"';

/**
 * Builds a Kubeflow Training Operator `kubeflow.org/v1` PyTorchJob for a job: one Master and
 * `nodes - 1` Workers (the Master replica must exist for the operator to set MASTER_ADDR), each
 * pod with all the node's GPUs, container `pytorch` running {@link PYTORCH_JOB_LAUNCH_SCRIPT}
 * with the training command as its arguments, a memory-backed `/dev/shm` for NCCL and
 * dataloader workers, and the shared ReadWriteMany claim when configured. `nprocPerNode` is
 * the GPU count as a string.
 *
 * @throws {InvalidConfigError} without `cluster.containerImage`, or with `weights: mcore`
 *   (the conversion and export steps need a one-off pod; use `weights: bridge`).
 */
export function createPyTorchJob(job: TrainJob): Record<string, unknown> {
  const issues = [];
  if (!job.cluster.containerImage) {
    issues.push({ path: 'cluster.containerImage', message: 'the k8s target needs an image with ms-swift installed, e.g. the modelscope ms-swift image' });
  }
  if (job.weights === 'mcore') {
    issues.push({ path: 'weights', message: 'the k8s target trains from HF safetensors only; set weights: bridge (mcore-bridge loads and saves safetensors directly)' });
  }
  if (issues.length > 0) throw new InvalidConfigError({ issues });
  const commands = renderJobCommands(job);
  const kubernetes = job.cluster.kubernetes;
  const environment = renderJobEnvironment(job).map(([name, value]) => ({ name, value }));
  const volumeMounts: Array<Record<string, unknown>> = [{ name: 'dshm', mountPath: '/dev/shm' }];
  const volumes: Array<Record<string, unknown>> = [{ name: 'dshm', emptyDir: { medium: 'Memory' } }];
  if (kubernetes.persistentVolumeClaim) {
    volumeMounts.push({ name: 'shared', mountPath: kubernetes.sharedMountPath });
    volumes.push({ name: 'shared', persistentVolumeClaim: { claimName: kubernetes.persistentVolumeClaim } });
  }
  const container: Record<string, unknown> = {
    name: 'pytorch',
    image: job.cluster.containerImage,
    command: ['bash', '-c', PYTORCH_JOB_LAUNCH_SCRIPT, 'swespot-launch'],
    args: [commands.train.program, ...commands.train.argv],
    ...(job.cluster.workingDirectory ? { workingDir: job.cluster.workingDirectory } : {}),
    env: environment,
    resources: { limits: { 'nvidia.com/gpu': job.cluster.gpusPerNode } },
    volumeMounts,
  };
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: {
      spec: {
        containers: [container],
        volumes,
        ...(kubernetes.nodeSelector ? { nodeSelector: kubernetes.nodeSelector } : {}),
        ...(kubernetes.serviceAccount ? { serviceAccountName: kubernetes.serviceAccount } : {}),
      },
    },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: {
      name: job.name,
      ...(kubernetes.namespace ? { namespace: kubernetes.namespace } : {}),
      ...(kubernetes.queue ? { labels: { 'kueue.x-k8s.io/queue-name': kubernetes.queue } } : {}),
    },
    spec: {
      nprocPerNode: String(job.cluster.gpusPerNode),
      runPolicy: { cleanPodPolicy: 'None' },
      pytorchReplicaSpecs: {
        Master: replica(1),
        ...(job.cluster.nodes > 1 ? { Worker: replica(job.cluster.nodes - 1) } : {}),
      },
    },
  };
}

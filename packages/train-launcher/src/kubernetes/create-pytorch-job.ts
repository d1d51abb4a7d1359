import { posix } from 'node:path';
import { InvalidConfigError, type ConfigIssue } from '@swespot/core';
import { DEFAULT_KUBERNETES_MEMORY_GIB_PER_GPU, resolveCpusPerTask, slurmTimeLimitSeconds } from '../cluster-resources';
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

/** The oldest training operator whose PyTorchJob has `spec.nprocPerNode` and counts restarts against `runPolicy.backoffLimit` (v1.7.0). */
export const MINIMUM_TRAINING_OPERATOR_VERSION = 'v1.7.0';

/** Whether `path` is `directory` or inside it (POSIX paths). */
function isInside(path: string, directory: string): boolean {
  const relative = posix.relative(directory, path);
  return relative === '' || (!relative.startsWith('..') && !posix.isAbsolute(relative));
}

/**
 * The job as its pods run it: with a shared claim, the pods work in the mount (unless
 * `cluster.workingDirectory` is set) and unset caches (`MODELSCOPE_CACHE`, `HF_HOME`) live in
 * it, so relative outputs and downloads land on the volume.
 */
function withSharedVolumeDefaults(job: TrainJob): TrainJob {
  const { kubernetes, sharedStorage } = job.cluster;
  if (!kubernetes.persistentVolumeClaim) return job;
  const mount = kubernetes.sharedMountPath.replace(/\/+$/, '') || '/';
  return {
    ...job,
    cluster: {
      ...job.cluster,
      workingDirectory: job.cluster.workingDirectory ?? mount,
      sharedStorage: {
        ...sharedStorage,
        modelscopeCache: sharedStorage.modelscopeCache ?? posix.join(mount, 'modelscope'),
        huggingfaceHome: sharedStorage.huggingfaceHome ?? posix.join(mount, 'huggingface'),
      },
    },
  };
}

/** What a multi-node job writes outside the shared claim, where no other pod sees it and it goes with the pod. */
function sharedVolumeIssues(job: TrainJob): ConfigIssue[] {
  const { kubernetes, sharedStorage, workingDirectory } = job.cluster;
  if (!kubernetes.persistentVolumeClaim) {
    return [
      {
        path: 'cluster.kubernetes.persistentVolumeClaim',
        message: `a ${job.cluster.nodes}-node job needs a volume every pod mounts: without one each pod preprocesses the dataset into its own cache and writes checkpoints to its own disk, and they are lost with the pod. Create a ReadWriteMany PersistentVolumeClaim (e.g. on NFS, CephFS or a cloud file store) and set cluster.kubernetes.persistentVolumeClaim to a ReadWriteMany claim name (mounted at cluster.kubernetes.sharedMountPath, ${kubernetes.sharedMountPath})`,
      },
    ];
  }
  const mount = kubernetes.sharedMountPath;
  const issues: ConfigIssue[] = [];
  const check = (path: string, value: string | undefined, what: string) => {
    if (value === undefined) return;
    const absolute = posix.resolve(workingDirectory ?? mount, value);
    if (!isInside(absolute, mount)) {
      issues.push({ path, message: `${what} ${absolute} is not under ${mount}, the shared claim ${kubernetes.persistentVolumeClaim}: each pod would keep its own copy, lost with the pod; put it under ${mount}` });
    }
  };
  check('output.dir', job.output.dir, 'the checkpoint directory');
  check('cluster.sharedStorage.modelscopeCache', sharedStorage.modelscopeCache, 'the dataset cache (MODELSCOPE_CACHE)');
  check('cluster.sharedStorage.huggingfaceHome', sharedStorage.huggingfaceHome, 'the Hugging Face cache (HF_HOME)');
  return issues;
}

/**
 * Builds a Kubeflow Training Operator `kubeflow.org/v1` PyTorchJob for a job (operator
 * {@link MINIMUM_TRAINING_OPERATOR_VERSION} or newer; validated against the v1.9.0 CRD): one
 * Master and `nodes - 1` Workers (the Master replica must exist for the operator to set
 * MASTER_ADDR), each pod with all the node's GPUs and CPU and memory requests (`cluster.cpusPerTask`,
 * default 8 per GPU; `cluster.memoryPerNodeGiB`, default 64 GiB per GPU), container `pytorch`
 * running {@link PYTORCH_JOB_LAUNCH_SCRIPT} with the training command as its arguments, a
 * memory-backed `/dev/shm` for NCCL and dataloader workers, and the shared ReadWriteMany claim
 * when configured: the pods then work in it and keep unset caches there. Restarts are bounded by
 * `runPolicy.backoffLimit` (`cluster.kubernetes.backoffLimit`), and `cluster.timeLimit` becomes
 * `runPolicy.activeDeadlineSeconds`. `nprocPerNode` is the GPU count as a string.
 *
 * @throws {InvalidConfigError} without `cluster.containerImage`; with `weights: mcore` (the
 *   conversion and export steps need a one-off pod; use `weights: bridge`); for more than one
 *   node without `cluster.kubernetes.persistentVolumeClaim`, or with the output directory or a
 *   cache outside it.
 */
export function createPyTorchJob(job: TrainJob): Record<string, unknown> {
  const issues: ConfigIssue[] = [];
  if (!job.cluster.containerImage) {
    issues.push({ path: 'cluster.containerImage', message: 'the k8s target needs an image with ms-swift installed, e.g. the modelscope ms-swift image' });
  }
  if (job.weights === 'mcore') {
    issues.push({ path: 'weights', message: 'the k8s target trains from HF safetensors only; set weights: bridge (mcore-bridge loads and saves safetensors directly)' });
  }
  const podJob = withSharedVolumeDefaults(job);
  if (job.cluster.nodes > 1) issues.push(...sharedVolumeIssues(podJob));
  if (issues.length > 0) throw new InvalidConfigError({ issues });
  const commands = renderJobCommands(podJob);
  const { cluster } = podJob;
  const kubernetes = cluster.kubernetes;
  const environment = renderJobEnvironment(podJob).map(([name, value]) => ({ name, value }));
  const volumeMounts: Array<Record<string, unknown>> = [{ name: 'dshm', mountPath: '/dev/shm' }];
  const volumes: Array<Record<string, unknown>> = [{ name: 'dshm', emptyDir: { medium: 'Memory' } }];
  if (kubernetes.persistentVolumeClaim) {
    volumeMounts.push({ name: 'shared', mountPath: kubernetes.sharedMountPath });
    volumes.push({ name: 'shared', persistentVolumeClaim: { claimName: kubernetes.persistentVolumeClaim } });
  }
  const memoryGiB = cluster.memoryPerNodeGiB ?? DEFAULT_KUBERNETES_MEMORY_GIB_PER_GPU * cluster.gpusPerNode;
  const container: Record<string, unknown> = {
    name: 'pytorch',
    image: cluster.containerImage,
    command: ['bash', '-c', PYTORCH_JOB_LAUNCH_SCRIPT, 'swespot-launch'],
    args: [commands.train.program, ...commands.train.argv],
    ...(cluster.workingDirectory ? { workingDir: cluster.workingDirectory } : {}),
    env: environment,
    resources: {
      requests: {
        cpu: String(resolveCpusPerTask(cluster)),
        memory: Number.isInteger(memoryGiB) ? `${memoryGiB}Gi` : `${Math.ceil(memoryGiB * 1024)}Mi`,
        'nvidia.com/gpu': cluster.gpusPerNode,
      },
      limits: { 'nvidia.com/gpu': cluster.gpusPerNode },
    },
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
      nprocPerNode: String(cluster.gpusPerNode),
      runPolicy: {
        cleanPodPolicy: 'None',
        backoffLimit: kubernetes.backoffLimit,
        ...(cluster.timeLimit ? { activeDeadlineSeconds: slurmTimeLimitSeconds(cluster.timeLimit) } : {}),
      },
      pytorchReplicaSpecs: {
        Master: replica(1),
        ...(cluster.nodes > 1 ? { Worker: replica(cluster.nodes - 1) } : {}),
      },
    },
  };
}

import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidConfigError } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { installLauncherStubs, type LauncherStubs } from '../__fixtures__/install-launcher-stubs';
import { loadTrainJob } from '../load-train-job';
import { renderMegatronSftArguments } from '../render-megatron-sft-arguments';
import { toArgv } from '../swift-argument';
import { createPyTorchJob } from './create-pytorch-job';
import { emitPyTorchJob } from './emit-pytorch-job';
import { validatePyTorchJob } from './validate-pytorch-job';

const run = promisify(execFile);

interface Container {
  command: string[];
  args: string[];
  env: Array<{ name: string; value: string }>;
}

/**
 * The variables the v1.9.0 training operator appends to each container
 * (pkg/controller.v1/pytorch/envvar.go setPodEnv + master.go): PYTHONUNBUFFERED, MASTER_ADDR /
 * MASTER_PORT and their PET_ twins, WORLD_SIZE = replicas × integer nprocPerNode, RANK and
 * PET_NODE_RANK = pod index (Worker i → i + 1), PET_NPROC_PER_NODE, PET_NNODES = replicas.
 */
function operatorEnvironment(document: any, replicaType: 'Master' | 'Worker', index: number): Record<string, string> {
  const specs = document.spec.pytorchReplicaSpecs;
  const replicas = Object.values(specs).reduce((sum: number, spec: any) => sum + spec.replicas, 0);
  const nprocPerNode = /^\d+$/.test(document.spec.nprocPerNode) ? Number(document.spec.nprocPerNode) : 1;
  const rank = replicaType === 'Worker' ? index + 1 : index;
  const masterAddress = `${document.metadata.name}-master-0`;
  return {
    PYTHONUNBUFFERED: '1',
    MASTER_PORT: '23456',
    MASTER_ADDR: masterAddress,
    PET_MASTER_PORT: '23456',
    PET_MASTER_ADDR: masterAddress,
    WORLD_SIZE: String(replicas * nprocPerNode),
    RANK: String(rank),
    PET_NODE_RANK: String(rank),
    PET_NPROC_PER_NODE: document.spec.nprocPerNode,
    PET_NNODES: String(replicas),
  };
}

describe('emitPyTorchJob', () => {
  let stubs: LauncherStubs;
  beforeEach(async () => {
    stubs = await installLauncherStubs();
  });
  afterEach(async () => {
    await rm(join(stubs.binDirectory, '..'), { recursive: true, force: true });
  });

  const base = ['cluster.containerImage=modelscope/ms-swift:4.5.2', 'cluster.kubernetes.persistentVolumeClaim=shared-rwx', 'cluster.sharedStorage.modelscopeCache=/shared/modelscope'];

  it('writes YAML that validates against the Kubeflow v1 PyTorchJob schema, for 1 to 4 nodes and every preset', async () => {
    for (const [preset, nodes] of [['swespot-4b', 1], ['swespot-4b', 4], ['swespot-4b-lora', 2], ['swe-lego-8b', 2]] as const) {
      const { job } = await loadTrainJob({ preset, set: [...base, `cluster.nodes=${nodes}`, 'cluster.kubernetes.queue=team-a', 'cluster.kubernetes.namespace=training'] });
      const [file] = emitPyTorchJob(job);
      const document = parse(file!.content);
      expect(validatePyTorchJob(document)).toEqual([]);
      expect(document.spec.nprocPerNode).toBe(String(job.cluster.gpusPerNode));
      expect(document.spec.pytorchReplicaSpecs.Master.replicas).toBe(1);
      expect(document.spec.pytorchReplicaSpecs.Worker?.replicas).toBe(nodes > 1 ? nodes - 1 : undefined);
      expect(document.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'team-a' });
      expect(file!.content).not.toContain('&');
    }
  });

  it('rejects what the operator would reject', () => {
    const good = createPyTorchJobFor();
    expect(validatePyTorchJob(good)).toEqual([]);
    const twoMasters = structuredClone(good);
    twoMasters.spec.pytorchReplicaSpecs.Master.replicas = 2;
    expect(validatePyTorchJob(twoMasters).map((issue) => issue.path)).toContain('spec.pytorchReplicaSpecs.Master.replicas');
    const renamed = structuredClone(good);
    renamed.spec.pytorchReplicaSpecs.Master.template.spec.containers[0].name = 'trainer';
    expect(validatePyTorchJob(renamed).map((issue) => issue.path)).toContain('spec.pytorchReplicaSpecs.Master.template.spec.containers');
    const misspelt = structuredClone(good);
    misspelt.spec.pytorchReplicaSpecs.Master.template.spec.containers[0].volumeMount = [];
    expect(validatePyTorchJob(misspelt)).toContainEqual({ path: 'spec.pytorchReplicaSpecs.Master.template.spec.containers.0', message: 'must NOT have additional properties (volumeMount)' });
    const chief = structuredClone(good);
    chief.spec.pytorchReplicaSpecs.Chief = chief.spec.pytorchReplicaSpecs.Master;
    expect(validatePyTorchJob(chief).length).toBeGreaterThan(0);
    expect(validatePyTorchJob({ ...good, metadata: { name: 'Bad_Name' } }).map((issue) => issue.path)).toContain('metadata.name');
  });

  it('maps the injected PET_ variables to NNODES / NODE_RANK / NPROC_PER_NODE in every pod, not WORLD_SIZE / RANK', async () => {
    const { job } = await loadTrainJob({ preset: 'swespot-4b', set: [...base, 'cluster.nodes=3', 'cluster.gpusPerNode=8'] });
    const document = parse(emitPyTorchJob(job)[0]!.content);
    const pods: Array<['Master' | 'Worker', number]> = [['Master', 0], ['Worker', 0], ['Worker', 1]];
    for (const [replicaType, index] of pods) {
      const container: Container = document.spec.pytorchReplicaSpecs[replicaType].template.spec.containers[0];
      const env = {
        ...stubs.environment,
        ...Object.fromEntries(container.env.map((variable) => [variable.name, variable.value])),
        ...operatorEnvironment(document, replicaType, index),
      };
      const [program, ...programArguments] = container.command;
      await run(program!, [...programArguments, ...container.args], { env });
    }
    const calls = (await stubs.calls()).filter((call) => call.program === 'megatron');
    expect(calls.map((call) => call.env.NODE_RANK).sort()).toEqual(['0', '1', '2']);
    for (const call of calls) {
      expect(call.env).toMatchObject({ NNODES: '3', NPROC_PER_NODE: '8', MASTER_ADDR: 'swespot-4b-master-0', MASTER_PORT: '23456', WORLD_SIZE: '24', MODELSCOPE_CACHE: '/shared/modelscope' });
      expect(call.argv).toEqual(['sft', ...toArgv(renderMegatronSftArguments(job))]);
    }
    const torchrun = (await stubs.calls()).filter((call) => call.program === 'torchrun');
    expect(torchrun.map((call) => call.argv.slice(0, 5).join(' ')).sort()).toEqual([
      '--nproc_per_node=8 --master_port=23456 --nnodes=3 --node_rank=0 --master_addr=swespot-4b-master-0',
      '--nproc_per_node=8 --master_port=23456 --nnodes=3 --node_rank=1 --master_addr=swespot-4b-master-0',
      '--nproc_per_node=8 --master_port=23456 --nnodes=3 --node_rank=2 --master_addr=swespot-4b-master-0',
    ]);
  });

  it('asks for an image and for bridge weights', async () => {
    const { job } = await loadTrainJob({ preset: 'swespot-4b', set: ['weights=mcore'] });
    try {
      createPyTorchJob(job);
      expect.unreachable();
    } catch (error) {
      expect(InvalidConfigError.isInstance(error)).toBe(true);
      expect((error as InvalidConfigError).issues.map((issue) => issue.path)).toEqual(['cluster.containerImage', 'weights']);
    }
  });

  it('refuses a multi-node job without a shared volume, naming the field to set', async () => {
    const { job } = await loadTrainJob({ preset: 'swespot-4b', set: ['cluster.containerImage=modelscope/ms-swift:4.5.2', 'cluster.nodes=2'] });
    const issues = issuesOf(() => createPyTorchJob(job));
    expect(issues).toEqual([
      {
        path: 'cluster.kubernetes.persistentVolumeClaim',
        message: expect.stringContaining('set cluster.kubernetes.persistentVolumeClaim to a ReadWriteMany claim'),
      },
    ]);
    expect(() => emitPyTorchJob(job)).toThrow(/cluster\.kubernetes\.persistentVolumeClaim/);
    // One node keeps working without one (its files live as long as its pod).
    expect(validatePyTorchJob(createPyTorchJob({ ...job, cluster: { ...job.cluster, nodes: 1 } }))).toEqual([]);
  });

  it('refuses checkpoints and caches of a multi-node job outside the shared volume', async () => {
    const set = [...base, 'cluster.nodes=2'];
    const outside = (await loadTrainJob({ preset: 'swespot-4b', set: [...set, 'output.dir=/tmp/out', 'cluster.sharedStorage.huggingfaceHome=/root/.cache/hf'] })).job;
    expect(issuesOf(() => createPyTorchJob(outside)).map((issue) => issue.path)).toEqual(['output.dir', 'cluster.sharedStorage.huggingfaceHome']);
    const relative = (await loadTrainJob({ preset: 'swespot-4b', set: [...set, 'cluster.workingDirectory=/workspace'] })).job;
    expect(issuesOf(() => createPyTorchJob(relative))).toEqual([{ path: 'output.dir', message: expect.stringContaining('/workspace/output/swespot-4b is not under /shared') }]);
  });

  it('runs in the shared volume, keeps the caches there, asks for CPUs and memory next to the GPUs, and bounds restarts', async () => {
    const { job } = await loadTrainJob({ preset: 'swespot-4b', set: ['cluster.containerImage=modelscope/ms-swift:4.5.2', 'cluster.kubernetes.persistentVolumeClaim=shared-rwx', 'cluster.nodes=2'] });
    const [file] = emitPyTorchJob(job);
    expect(file!.content).toContain('# Needs the Kubeflow training operator v1.7.0 or newer');
    const document = parse(file!.content);
    expect(validatePyTorchJob(document)).toEqual([]);
    expect(document.spec.runPolicy).toEqual({ cleanPodPolicy: 'None', backoffLimit: 2 });
    for (const replica of ['Master', 'Worker']) {
      const container = document.spec.pytorchReplicaSpecs[replica].template.spec.containers[0];
      expect(container.workingDir).toBe('/shared');
      expect(container.resources).toEqual({ requests: { cpu: '16', memory: '128Gi', 'nvidia.com/gpu': 2 }, limits: { 'nvidia.com/gpu': 2 } });
      const env = Object.fromEntries(container.env.map((variable: { name: string; value: string }) => [variable.name, variable.value]));
      expect(env).toMatchObject({ MODELSCOPE_CACHE: '/shared/modelscope', HF_HOME: '/shared/huggingface' });
    }

    const sized = (
      await loadTrainJob({
        preset: 'swespot-4b',
        set: [...base, 'cluster.nodes=2', 'cluster.cpusPerTask=48', 'cluster.memoryPerNodeGiB=400', 'cluster.kubernetes.backoffLimit=0', 'cluster.timeLimit=1-12:00:00', 'cluster.nccl.socketInterface=eth0'],
      })
    ).job;
    const sizedDocument = parse(emitPyTorchJob(sized)[0]!.content);
    expect(validatePyTorchJob(sizedDocument)).toEqual([]);
    expect(sizedDocument.spec.runPolicy).toEqual({ cleanPodPolicy: 'None', backoffLimit: 0, activeDeadlineSeconds: 129_600 });
    const container = sizedDocument.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0];
    expect(container.resources.requests).toEqual({ cpu: '48', memory: '400Gi', 'nvidia.com/gpu': 2 });
    expect(container.env).toContainEqual({ name: 'NCCL_SOCKET_IFNAME', value: 'eth0' });
    // The schema still rejects a quantity Kubernetes would not parse; the job schema a negative backoff limit.
    await expect(loadTrainJob({ preset: 'swespot-4b', set: [...base, 'cluster.kubernetes.backoffLimit=-1'] })).rejects.toThrow(/cluster\.kubernetes\.backoffLimit/);
    const broken = structuredClone(sizedDocument);
    broken.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.requests.memory = '400 GiB';
    expect(validatePyTorchJob(broken).map((issue) => issue.path)).toContain('spec.pytorchReplicaSpecs.Worker.template.spec.containers.0.resources.requests.memory');
  });
});

function issuesOf(action: () => unknown): Array<{ path: string; message: string }> {
  try {
    action();
  } catch (error) {
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    return (error as InvalidConfigError).issues.map((issue) => ({ path: issue.path, message: issue.message }));
  }
  throw new Error('expected an InvalidConfigError');
}

function createPyTorchJobFor(): any {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: 'swespot-4b' },
    spec: {
      nprocPerNode: '2',
      pytorchReplicaSpecs: {
        Master: {
          replicas: 1,
          restartPolicy: 'OnFailure',
          template: { spec: { containers: [{ name: 'pytorch', image: 'ms-swift:4.5', command: ['megatron'], volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] }], volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }] } },
        },
      },
    },
  };
}

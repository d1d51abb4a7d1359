import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkShellScript } from '../__fixtures__/check-shell-script';
import type { ShardJobSpecInput } from '../shard-job-spec';
import { writeEmittedFiles } from '../write-emitted-files';
import { createShardIndexedJob } from './create-indexed-job';
import { emitShardIndexedJob } from './emit-indexed-job';
import { validateBatchJob } from './validate-batch-job';

const spec: ShardJobSpecInput = {
  name: 'swespot-rollout',
  shards: 1000,
  parallel: 50,
  shardCommand: ['swespot', 'rollout', 'tasks.jsonl', '--note', 'a $(literal)', '--model', 'vllm:Qwen/Qwen3-4B', '--shard', '{shard}/1000', '--out', 'rollout/shard-{shard}.jsonl'],
  mergeCommand: ['swespot', 'merge', 'rollout', '--out', 'trajectories.jsonl'],
  runDirectory: '/run/swespot',
  retries: 3,
  environment: { PRICE: 'costs $(a lot)' },
  resources: { cpus: 2, memoryGiB: 6, gpus: 0 },
};
const options = { image: 'registry.example/swespot:0.3', persistentVolumeClaim: 'swespot-runs', namespace: 'research' };

describe('emitShardIndexedJob', () => {
  it('emits an Indexed Job (JOB_COMPLETION_INDEX as the shard) and a merge Job that validate as batch/v1 Jobs', async () => {
    const files = emitShardIndexedJob(spec, options);
    expect(files.map((file) => file.path)).toEqual(['shards-job.yaml', 'merge-job.yaml', 'submit.sh']);
    const shards = parse(files[0]!.content) as Record<string, any>;
    expect(validateBatchJob(shards)).toEqual([]);
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 1000, parallelism: 50, backoffLimitPerIndex: 3 });
    const container = shards.spec.template.spec.containers[0];
    expect(shards.spec.template.spec).toMatchObject({ restartPolicy: 'Never', volumes: [{ name: 'run', persistentVolumeClaim: { claimName: 'swespot-runs' } }] });
    expect(container).toMatchObject({
      image: 'registry.example/swespot:0.3',
      command: ['swespot'],
      workingDir: '/run/swespot',
      volumeMounts: [{ name: 'run', mountPath: '/run/swespot' }],
      resources: { requests: { cpu: '2', memory: '6144Mi' }, limits: { memory: '6144Mi' } },
      // A literal $( is escaped so Kubernetes does not expand it.
      env: [{ name: 'PRICE', value: 'costs $$(a lot)' }],
    });
    expect(container.args).toEqual(['rollout', 'tasks.jsonl', '--note', 'a $$(literal)', '--model', 'vllm:Qwen/Qwen3-4B', '--shard', '$(JOB_COMPLETION_INDEX)/1000', '--out', 'rollout/shard-$(JOB_COMPLETION_INDEX).jsonl']);
    const merge = parse(files[1]!.content) as Record<string, any>;
    expect(validateBatchJob(merge)).toEqual([]);
    expect(merge).toMatchObject({ metadata: { name: 'swespot-rollout-merge', namespace: 'research' }, spec: { completions: 1, backoffLimit: 3 } });
    expect(merge.spec.template.spec.containers[0].args).toEqual(['merge', 'rollout', '--out', 'trajectories.jsonl']);
    expect(files[2]!.content).toContain('kubectl --namespace research wait --for=condition=complete --timeout="${SWESPOT_WAIT_TIMEOUT:-7d}" job/swespot-rollout\n');
    const folder = await mkdtemp(join(tmpdir(), 'swespot-indexed-job-'));
    try {
      const [, , submit] = await writeEmittedFiles(folder, files);
      await checkShellScript(submit!);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('the Job schema rejects what the API server rejects', () => {
    const job = createShardIndexedJob(spec, options) as Record<string, any>;
    const broken = structuredClone(job);
    broken.spec.template.spec.restartPolicy = 'OnFailure';
    delete broken.spec.completions;
    broken.spec.parallelizm = 3;
    broken.spec.template.spec.containers[0].volumeMount = [];
    const paths = validateBatchJob(broken).map((issue) => `${issue.path}: ${issue.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'spec: must have required property \'completions\'',
        'spec.template.spec.restartPolicy: must be equal to constant',
        'spec: must NOT have additional properties (parallelizm)',
        'spec.template.spec.containers.0: must NOT have additional properties (volumeMount)',
      ]),
    );
    const tooMany = structuredClone(job);
    tooMany.spec.completions = 100_001;
    expect(validateBatchJob(tooMany).map((issue) => issue.path)).toContain('spec.completions');
    const perIndexWithoutIndexed = structuredClone(job);
    delete perIndexWithoutIndexed.spec.completionMode;
    expect(validateBatchJob(perIndexWithoutIndexed)).toContainEqual({ path: 'spec', message: "must have required property 'completionMode'" });
    expect(validateBatchJob({ ...job, apiVersion: 'batch/v2' })).toContainEqual({ path: 'apiVersion', message: 'must be equal to constant' });
  });
});

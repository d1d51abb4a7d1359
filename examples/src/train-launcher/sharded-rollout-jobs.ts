/**
 * Emits the cluster jobs of a 1,000-task rollout split into 100 shards, for Slurm (a job
 * array and a dependent merge) and for Kubernetes (an Indexed Job and a merge Job), the
 * way `swespot scale emit` does, and prints which shard a few task ids fall into.
 *
 * Run it:
 *   pnpm --filter @swespot/examples example src/train-launcher/sharded-rollout-jobs.ts [out-dir]
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shardIndexOf } from '@swespot/core';
import { emitSlurmShardArray, writeEmittedFiles, type ShardJobSpecInput } from '@swespot/train-launcher';
import { emitShardIndexedJob } from '@swespot/train-launcher/kubernetes';

const shards = 100;
const spec: ShardJobSpecInput = {
  name: 'swespot-rollout',
  shards,
  parallel: 25,
  retries: 2,
  shardCommand: ['swespot', 'rollout', 'tasks.jsonl', '--model', 'vllm:Qwen/Qwen3-4B-Instruct-2507', '--base-url', 'http://vllm:8000/v1', '--shard', `{shard}/${shards}`, '--out', 'rollout/shard-{shard}.jsonl'],
  mergeCommand: ['swespot', 'merge', 'rollout', '--out', 'trajectories.jsonl'],
  runDirectory: '/shared/runs/django-teacher',
  resources: { cpus: 8, memoryGiB: 16, timeLimit: '08:00:00' },
};

const out = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'swespot-sharded-jobs-')));
const slurm = await writeEmittedFiles(join(out, 'slurm'), emitSlurmShardArray(spec, { partition: 'cpu' }));
const kubernetes = await writeEmittedFiles(join(out, 'kubernetes'), emitShardIndexedJob(spec, { image: 'registry.example.com/swespot:0.3', persistentVolumeClaim: 'swespot-runs' }));
console.log(`Slurm:\n${slurm.map((file) => `  ${file}`).join('\n')}\nKubernetes:\n${kubernetes.map((file) => `  ${file}`).join('\n')}`);
for (const id of ['django__django-11099', 'django__django-11133', 'django__django-11179']) {
  console.log(`${id} -> shard ${shardIndexOf(id, shards)} of ${shards}`);
}

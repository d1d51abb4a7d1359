/**
 * Writes the SWE-Spot paper's training job (Megatron-SWIFT full SFT of Qwen3-4B-Instruct-2507)
 * for a two-node Slurm cluster and for Kubernetes, targeting ms-swift 4.5, and prints the plan
 * with the per-GPU memory estimate. Then shows the check that rejects Megatron's default
 * selective recompute at 32k tokens, with the fixes it proposes.
 *
 *   pnpm --filter @swespot/examples example src/train-launcher/paper-job-for-slurm.ts [out-dir]
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError } from '@swespot/core';
import { emitResolvedJob, emitSlurmScript, loadTrainJob, planTrainJob, writeEmittedFiles } from '@swespot/train-launcher';
import { emitPyTorchJob } from '@swespot/train-launcher/kubernetes';

const outDirectory = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'swespot-train-example-')));

const { job } = await loadTrainJob({
  preset: 'swespot-4b',
  swiftVersion: '4.5',
  set: [
    'cluster.nodes=2',
    'cluster.partition=gpu',
    'cluster.timeLimit=1-00:00:00',
    'cluster.containerImage=modelscope/ms-swift:4.5.2',
    'cluster.sharedStorage.modelscopeCache=/shared/cache/modelscope',
    'cluster.sharedStorage.huggingfaceHome=/shared/cache/huggingface',
    'cluster.kubernetes.persistentVolumeClaim=shared-rwx',
    'output.dir=/shared/runs/swespot-4b',
  ],
});
// The datasets live on the cluster's shared storage, not on this machine.
const plan = await planTrainJob(job, { checkDatasets: false });
console.log(plan.summaryLines.join('\n'));
const written = await writeEmittedFiles(outDirectory, [
  ...emitSlurmScript(job, { headerLines: plan.summaryLines }),
  ...emitPyTorchJob(job, { headerLines: plan.summaryLines }),
  emitResolvedJob(job),
]);
console.log(`\nWrote ${written.join(', ')}`);

const { job: selective } = await loadTrainJob({ preset: 'swespot-4b', set: ['recompute.granularity=selective'] });
try {
  await planTrainJob(selective, { checkDatasets: false });
} catch (error) {
  if (!InvalidConfigError.isInstance(error)) throw error;
  console.log(`\nWith selective recompute on 2×H200:\n${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')}`);
}

/**
 * What each ms-swift release accepts, and the cluster checks: prints the allowed values of the
 * enumerated flags for ms-swift 3.11, 3.12.3 and 4.5 with the file and release each came from;
 * shows a job with `recompute.granularity: none` refused on 3.11 and accepted on 3.12.3; the
 * Hugging Face scheduler `swift sft` gets for each Megatron schedule; and a two-node PyTorchJob
 * refused without a shared volume, then written with one (CPU and memory requests, bounded
 * restarts, NCCL settings).
 *
 *   pnpm --filter @swespot/examples example src/train-launcher/choices-per-version.ts
 */
import { InvalidConfigError } from '@swespot/core';
import { huggingFaceScheduler, loadTrainJob, parseSwiftVersion, swiftChoicesFor, validateTrainJob } from '@swespot/train-launcher';
import { createPyTorchJob } from '@swespot/train-launcher/kubernetes';

for (const version of ['3.11', '3.12.3', '4.5']) {
  console.log(`ms-swift ${version}:`);
  for (const flag of ['recompute_granularity', 'lr_decay_style', version.startsWith('3') ? 'train_type' : 'tuner_type', 'report_to']) {
    const choices = swiftChoicesFor('megatron', flag, parseSwiftVersion(version));
    const described = choices.map((choice) => `${choice.value} (${choice.since})`).join(', ');
    console.log(`  --${flag}: ${described || '(no such flag)'}${choices[0] ? `  [${choices[0].file}]` : ''}`);
  }
}

for (const version of ['3.11', '3.12.3']) {
  const { job } = await loadTrainJob({ preset: 'swespot-4b', swiftVersion: version, set: ['recompute.granularity=none', 'sequence.maxLength=4096'] });
  const issues = validateTrainJob(job).errors;
  console.log(`\nrecompute.granularity=none on ${version}: ${issues.length === 0 ? 'accepted' : issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')}`);
}

console.log('\nswift sft schedules for what megatron sft runs:');
for (const set of [['learningRate.schedule=cosine', 'learningRate.min=1e-6'], ['learningRate.schedule=linear', 'learningRate.min=1e-6'], ['learningRate.schedule=constant', 'learningRate.warmupFraction=0.03']]) {
  const { job } = await loadTrainJob({ preset: 'swespot-4b', set: ['backend=swift', ...set] });
  const scheduler = huggingFaceScheduler(job);
  console.log(`  ${set.join(' ')} -> --lr_scheduler_type ${scheduler.type}${scheduler.kwargs ? ` --lr_scheduler_kwargs '${JSON.stringify(scheduler.kwargs)}'` : ''}`);
}

const twoNodes = ['cluster.nodes=2', 'cluster.containerImage=modelscope/ms-swift:4.5.2', 'cluster.nccl={socketInterface: ib0, debug: WARN}'];
const { job: withoutVolume } = await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '4.5', set: twoNodes });
try {
  createPyTorchJob(withoutVolume);
} catch (error) {
  if (!InvalidConfigError.isInstance(error)) throw error;
  console.log(`\nTwo pods without a shared volume:\n${error.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
}
const { job } = await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '4.5', set: [...twoNodes, 'cluster.kubernetes.persistentVolumeClaim=shared-rwx'] });
const document = createPyTorchJob(job) as { spec: { runPolicy: unknown; pytorchReplicaSpecs: { Worker: { template: { spec: { containers: Array<Record<string, unknown>> } } } } } };
const container = document.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0] as Record<string, unknown>;
console.log(`With one: runPolicy ${JSON.stringify(document.spec.runPolicy)}, workingDir ${String(container.workingDir)}, resources ${JSON.stringify(container.resources)}`);

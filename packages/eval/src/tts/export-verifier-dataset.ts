import {
  createRandom,
  msSwiftRecordSchema,
  openJsonlWriter,
  type MsSwiftRecord,
  type VerifierV1Candidate,
  type VerifierV1Task,
} from '@swespot/core';
import { DEFAULT_VERIFIER_TEMPLATES } from './default-verifier-templates';
import { renderVerifierPrompt, type RenderVerifierPromptOptions } from './render-verifier-prompt';

/** One graded rollout: the task, the candidate (its trajectory) and whether grading found it resolved. */
export interface GradedRollout {
  readonly task: VerifierV1Task;
  readonly candidate: VerifierV1Candidate;
  readonly resolved: boolean;
}

/** Options of {@link exportVerifierDataset}. */
export interface ExportVerifierDatasetOptions extends Omit<RenderVerifierPromptOptions, 'task' | 'candidate'> {
  /** The graded rollouts, any number per task. */
  readonly rollouts: Iterable<GradedRollout> | AsyncIterable<GradedRollout>;
  /** The ms-swift JSONL file to write; rows already in it (by trajectory id) are kept and not written again. */
  readonly out: string;
  /** Seed of the per-instance choice of which rollouts to keep. Default: 42. */
  readonly seed?: number | string;
  /** Most rows per answer (YES, NO) and instance. Default: no limit beyond balance. */
  readonly maxPerClass?: number;
  readonly abortSignal?: AbortSignal;
}

/** What {@link exportVerifierDataset} did. */
export interface VerifierDatasetSummary {
  readonly file: string;
  /** Instances seen, and those that gave rows (both answers present). */
  readonly instances: number;
  readonly instancesUsed: number;
  /** Instances left out because all their rollouts were resolved, or none was. */
  readonly instancesOneSided: number;
  /** Rows chosen per answer (including those already in the file). */
  readonly yes: number;
  readonly no: number;
  /** Rows appended by this call, and chosen rows already in the file. */
  readonly written: number;
  readonly alreadyWritten: number;
}

/**
 * Exports graded rollouts as an ms-swift dataset to train a generative verifier: one row per
 * kept rollout, `system` and `user` being exactly the prompt the verifier sees at inference
 * ({@link renderVerifierPrompt} with the same templates and budget) and the `assistant`
 * answer `YES` when grading resolved the rollout, `NO` otherwise. Balanced per instance: of
 * an instance with p resolved and n unresolved rollouts, min(p, n) of each are kept (at most
 * `maxPerClass`), chosen with a seeded random; instances with one answer only are left out, so
 * the verifier cannot learn an instance's difficulty instead of the patch's correctness.
 *
 * Rows carry `instance_id` and `trajectory_id`, and are written with core's resumable JSONL
 * writer and validated against `msSwiftRecordSchema`; a rerun appends only missing rows.
 * Train with `swift sft --dataset <out>` (or the train-launcher).
 */
export async function exportVerifierDataset(options: ExportVerifierDatasetOptions): Promise<VerifierDatasetSummary> {
  const byTask = new Map<string, GradedRollout[]>();
  for await (const rollout of options.rollouts) {
    options.abortSignal?.throwIfAborted();
    const list = byTask.get(rollout.task.id) ?? [];
    list.push(rollout);
    byTask.set(rollout.task.id, list);
  }
  const random = createRandom(options.seed ?? 42);
  const writer = await openJsonlWriter(options.out, {
    schema: msSwiftRecordSchema,
    schemaName: 'ms-swift verifier row',
    getId: (record: MsSwiftRecord) => record.trajectory_id ?? '',
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  let instancesUsed = 0;
  let yes = 0;
  let no = 0;
  let written = 0;
  let alreadyWritten = 0;
  try {
    for (const taskId of [...byTask.keys()].sort()) {
      const rollouts = [...byTask.get(taskId)!].sort((left, right) => (left.candidate.id < right.candidate.id ? -1 : 1));
      const resolved = rollouts.filter((rollout) => rollout.resolved);
      const unresolved = rollouts.filter((rollout) => !rollout.resolved);
      const count = Math.min(resolved.length, unresolved.length, options.maxPerClass ?? Number.POSITIVE_INFINITY);
      if (count === 0) continue;
      instancesUsed++;
      const instanceRandom = random.fork(taskId);
      const chosen = [...instanceRandom.sample(resolved, count), ...instanceRandom.sample(unresolved, count)];
      for (const rollout of chosen) {
        options.abortSignal?.throwIfAborted();
        if (rollout.resolved) yes++;
        else no++;
        if (writer.has(rollout.candidate.id)) {
          alreadyWritten++;
          continue;
        }
        const prompt = renderVerifierPrompt({ ...options, templates: options.templates ?? DEFAULT_VERIFIER_TEMPLATES, task: rollout.task, candidate: rollout.candidate });
        await writer.write({
          messages: [...prompt.messages, { role: 'assistant', content: rollout.resolved ? 'YES' : 'NO' }],
          instance_id: rollout.task.id,
          trajectory_id: rollout.candidate.id,
        });
        written++;
      }
    }
  } finally {
    await writer.close();
  }
  return { file: options.out, instances: byTask.size, instancesUsed, instancesOneSided: byTask.size - instancesUsed, yes, no, written, alreadyWritten };
}

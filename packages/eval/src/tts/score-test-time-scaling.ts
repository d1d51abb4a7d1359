import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  evalResultSchema,
  openJsonlWriter,
  readJsonlToArray,
  taskInstanceSchema,
  trajectorySchema,
  verifierScoreSchema,
  type EvalResult,
  type TaskInstance,
  type Trajectory,
  type VerifierScore,
  type VerifierV1,
} from '@swespot/core';
import { selectCandidate, type CandidateDropReason, type ExistingTestsCheck } from './select-candidate';
import { testTimeScalingMetrics, type GradedCandidate, type TestTimeScalingMetrics } from './test-time-scaling-metrics';

/** The test-time scaling files of a run folder: `tts.json` beside the reports, `tts-<verifier>.jsonl` scores in each model's folder. */
export const TTS_FILES = { summary: 'tts.json', scoresPrefix: 'tts-' } as const;

/** Options of {@link scoreTestTimeScaling}. */
export interface ScoreTestTimeScalingOptions {
  /** A run folder written by `runEvaluation` (or `swespot eval run`) with `runs: K`. */
  readonly out: string;
  readonly verifier: VerifierV1;
  /** K, the rollouts per instance to select among. Default: the run's `runs`. */
  readonly rollouts?: number;
  /** Leave out empty patches before the verifier. Default: true. */
  readonly dropEmptyPatches?: boolean;
  /** Leave out patches that break existing tests (runs in an environment; see {@link ExistingTestsCheck}). Default: none. */
  readonly checkExistingTests?: ExistingTestsCheck;
  /** Verifications at once. Default: 4. */
  readonly concurrency?: number;
  /** Called after each instance. */
  readonly onProgress?: (progress: { readonly model: string; readonly task: string; readonly done: number; readonly total: number }) => void;
  readonly abortSignal?: AbortSignal;
}

/** Test-time scaling of one model on one benchmark task. */
export interface TestTimeScalingOutcome {
  /** `provider:model`, as in the evaluation report. */
  readonly model: string;
  /** The benchmark task (sbv, tdd, fea). */
  readonly task: string;
  readonly verifierId: string;
  readonly metrics: TestTimeScalingMetrics;
  /** The chosen candidate per instance id (`null` when it has no rollout). */
  readonly selected: Readonly<Record<string, string | null>>;
  /** Candidates judged by this call, and judged earlier (read from the scores file). */
  readonly judged: number;
  readonly reused: number;
}

/** What `tts.json` holds: every model × task of the run folder, with its metrics. */
export interface TestTimeScalingSummary {
  readonly schemaVersion: 1;
  readonly verifierId: string;
  readonly rollouts: number;
  readonly outcomes: readonly TestTimeScalingOutcome[];
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The 0-based run of a rollout: `<instance>__run-<r>` ids (the agent's rollout ids), else the result's attempt. */
function runOf(trajectory: Trajectory, result: EvalResult | undefined): number | undefined {
  const match = /__run-(\d+)$/.exec(trajectory.id);
  if (match) return Number(match[1]);
  return result === undefined ? undefined : result.attempt - 1;
}

async function readIfThere<T>(read: Promise<T[]>): Promise<T[]> {
  return read.catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
}

/**
 * Test-time scaling over an evaluation run folder whose agents ran K times per instance (the
 * run matrix's runs are the K rollouts): every rollout of a resolution task (SWE-bench,
 * TDD-Bench, FEA-Bench) goes through {@link selectCandidate}'s filters and the verifier, the
 * verdicts are written to `tts-<verifier>.jsonl` in the model's folder (core
 * `VerifierScore` records; a rerun judges only what is missing), and
 * {@link testTimeScalingMetrics} is computed against the grades in `results.jsonl` (a rollout
 * without a grade counts as unresolved). The summary is written to `tts.json` in the run
 * folder, where `writeEvaluationReport` finds it, and returned.
 *
 * @example
 * ```ts
 * await runEvaluation({ out, instances, contenders, runs: 8, sandbox });
 * const summary = await scoreTestTimeScaling({ out, verifier: createGenerativeVerifier({ model: judge }) });
 * summary.outcomes[0]?.metrics.rows; // [{ k: 1, passAt1, ttsAtK, oracleAtK }, ..., { k: 8, ... }]
 * ```
 */
export async function scoreTestTimeScaling(options: ScoreTestTimeScalingOptions): Promise<TestTimeScalingSummary> {
  const { out, verifier } = options;
  const manifest = JSON.parse(await readFile(join(out, 'evaluation.json'), 'utf8')) as { runs?: number };
  const rollouts = options.rollouts ?? manifest.runs ?? 1;
  const signal = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const outcomes: TestTimeScalingOutcome[] = [];
  for (const taskEntry of (await readdir(out, { withFileTypes: true })).filter((entry) => entry.isDirectory()).sort((left, right) => left.name.localeCompare(right.name))) {
    const taskFolder = join(out, taskEntry.name);
    const instances: TaskInstance[] = await readIfThere(readJsonlToArray(join(taskFolder, 'instances.jsonl'), { schema: taskInstanceSchema, schemaName: 'TaskInstance' }));
    const changeInstances = instances.filter((instance): instance is TaskInstance & { problemStatement: string } => 'problemStatement' in instance);
    if (changeInstances.length === 0) continue;
    for (const modelEntry of (await readdir(taskFolder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).sort((left, right) => left.name.localeCompare(right.name))) {
      const folder = join(taskFolder, modelEntry.name);
      const trajectories: Trajectory[] = await readIfThere(readJsonlToArray(join(folder, 'trajectories.jsonl'), { schema: trajectorySchema, schemaName: 'Trajectory' }));
      if (trajectories.length === 0) continue;
      const results: EvalResult[] = await readIfThere(readJsonlToArray(join(folder, 'results.jsonl'), { schema: evalResultSchema, schemaName: 'EvalResult' }));
      const resultByTrajectory = new Map(results.filter((result) => result.trajectoryId !== undefined).map((result) => [result.trajectoryId!, result]));
      const model = `${trajectories[0]!.model.provider}:${trajectories[0]!.model.modelId}`;

      const scoresFile = join(folder, `${TTS_FILES.scoresPrefix}${safeName(verifier.verifierId)}.jsonl`);
      const known = new Map<string, { score: number } | { dropped: CandidateDropReason }>();
      for (const record of await readIfThere(readJsonlToArray(scoresFile, { schema: verifierScoreSchema, schemaName: 'VerifierScore' }))) {
        known.set(record.id, record.dropped !== undefined ? { dropped: record.dropped } : { score: record.score! });
      }
      const reused = known.size;
      let judged = 0;
      const writer = await openJsonlWriter(scoresFile, { schema: verifierScoreSchema, schemaName: 'VerifierScore', durability: 'fsync', ...signal });
      const graded = [];
      const selected: Record<string, string | null> = {};
      try {
        let done = 0;
        for (const instance of changeInstances) {
          options.abortSignal?.throwIfAborted();
          const task = { id: instance.id, problemStatement: instance.problemStatement, repository: instance.repo };
          const own = trajectories
            .filter((trajectory) => trajectory.taskId === instance.id)
            .map((trajectory) => ({ trajectory, result: resultByTrajectory.get(trajectory.id) }))
            .map((item) => ({ ...item, run: runOf(item.trajectory, item.result) }))
            .filter((item): item is typeof item & { run: number } => item.run !== undefined && item.run < rollouts);
          const selection = await selectCandidate({
            task,
            candidates: own.map((item) => ({ id: item.trajectory.id, trajectory: item.trajectory })),
            verifier,
            known,
            ...(options.dropEmptyPatches === undefined ? {} : { dropEmptyPatches: options.dropEmptyPatches }),
            ...(options.checkExistingTests ? { checkExistingTests: options.checkExistingTests } : {}),
            ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
            onVerdict: async (verdict) => {
              const record: VerifierScore = {
                schemaVersion: 1,
                id: verdict.id,
                taskId: instance.id,
                verifierId: verifier.verifierId,
                ...(verdict.dropped !== undefined ? { dropped: verdict.dropped } : { score: verdict.score! }),
                ...(verdict.result === undefined
                  ? {}
                  : {
                      method: verdict.result.method,
                      calls: verdict.result.calls,
                      ...(verdict.result.usage.inputTokens === undefined ? {} : { inputTokens: verdict.result.usage.inputTokens }),
                      ...(verdict.result.usage.outputTokens === undefined ? {} : { outputTokens: verdict.result.usage.outputTokens }),
                      ...(verdict.result.costUsd === undefined ? {} : { costUsd: verdict.result.costUsd }),
                    }),
              };
              await writer.write(record);
              judged++;
            },
            ...signal,
          });
          selected[instance.id] = selection.selectedId ?? null;
          const candidates: GradedCandidate[] = selection.verdicts.map((verdict, position) => ({
            id: verdict.id,
            run: own[position]!.run,
            patch: verdict.patch,
            resolved: own[position]!.result?.resolved === true,
            ...(verdict.score === undefined ? {} : { score: verdict.score }),
          }));
          graded.push({ taskId: instance.id, candidates });
          options.onProgress?.({ model, task: taskEntry.name, done: ++done, total: changeInstances.length });
        }
      } finally {
        await writer.close();
      }
      outcomes.push({ model, task: taskEntry.name, verifierId: verifier.verifierId, metrics: testTimeScalingMetrics({ instances: graded, rollouts }), selected, judged, reused });
    }
  }
  const summary: TestTimeScalingSummary = { schemaVersion: 1, verifierId: verifier.verifierId, rollouts, outcomes };
  const file = join(out, TTS_FILES.summary);
  await writeFile(`${file}.tmp-${process.pid}`, `${JSON.stringify(summary, null, 2)}\n`);
  await rename(`${file}.tmp-${process.pid}`, file);
  return summary;
}

/** Reads a run folder's `tts.json`, or `undefined` when test-time scaling was not scored there. */
export async function readTestTimeScaling(out: string): Promise<TestTimeScalingSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(out, TTS_FILES.summary), 'utf8')) as TestTimeScalingSummary;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

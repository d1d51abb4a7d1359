import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBashAgent, runRollouts, rolloutTrajectoryId, type BashAgent, type BashAgentSettings } from '@swespot/agent';
import {
  evalResultSchema,
  openJsonlWriter,
  readJsonlToArray,
  taskInstanceSchema,
  trajectorySchema,
  type EvalResult,
  type ModelReference,
  type ModelV1,
  type SandboxProviderV1,
  type TaskInstance,
  type Trajectory,
} from '@swespot/core';
import pLimit from 'p-limit';
import { gradePrediction } from '../grade/grade-prediction';
import { benchmarkTaskOfKind } from '../load/benchmark-task';
import { modelLabel } from '../metrics/summarize-evaluation';
import { goldPredictionOf, readPredictionsFile, writePredictionsFile, type SweBenchPrediction } from './predictions-file';
import { withResolvedEnvironment, type EnvironmentResolver, type EnvironmentSource } from './resolve-environment';

/** The paper's agent settings (SWE-Spot `eval/*_host.yaml` and its sglang server): 64 steps, 48k context, temperature 1.0, top-p 0.8, top-k 20, repetition penalty 1.05. */
export const PAPER_AGENT_SETTINGS = {
  stepLimit: 64,
  contextLimitTokens: 48_000,
  commandTimeoutMs: 60_000,
  sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 },
} as const;

/** The bash agent with the paper's settings ({@link PAPER_AGENT_SETTINGS}); `overrides` win. */
export function createEvaluationAgent(model: ModelV1, overrides: Partial<Omit<BashAgentSettings, 'model'>> = {}): BashAgent {
  return createBashAgent({
    model,
    stepLimit: PAPER_AGENT_SETTINGS.stepLimit,
    contextLimitTokens: PAPER_AGENT_SETTINGS.contextLimitTokens,
    commandTimeoutMs: PAPER_AGENT_SETTINGS.commandTimeoutMs,
    ...overrides,
    sampling: { ...PAPER_AGENT_SETTINGS.sampling, ...overrides.sampling },
  });
}

/** Who is evaluated: an agent (a model) run `runs` times per instance, or fixed predictions (the harness self-checks and outside predictions), graded once. */
export type EvaluationContender =
  | { readonly type: 'agent'; readonly agent: BashAgent }
  | { readonly type: 'predictions'; readonly source: 'gold' | 'empty' | { readonly file: string } };

/** A step of {@link runEvaluation}, for progress bars. */
export interface EvaluationProgress {
  readonly phase: 'environments' | 'rollouts' | 'grading';
  /** The contender's label (`provider:model`), absent for environments. */
  readonly model?: string;
  readonly done: number;
  readonly total: number;
  /** A line worth showing: a failure, a build step. */
  readonly message?: string;
}

/** Options of {@link runEvaluation}. */
export interface RunEvaluationOptions {
  /** The run folder; everything is written there and a rerun resumes from it. */
  readonly out: string;
  /** The evaluation set (after the temporal protocol). */
  readonly instances: readonly TaskInstance[];
  /** Who is evaluated: models × (tasks in `instances`) × instances × runs. */
  readonly contenders: readonly EvaluationContender[];
  /** Runs per instance for agents (K for pass@k and test-time scaling). Default: 3. */
  readonly runs?: number;
  /** Agent runs at once. Default: 4. */
  readonly concurrency?: number;
  /** Gradings at once (each runs tests in a container). Default: 2. */
  readonly gradeConcurrency?: number;
  /** Where agents and tests run (one fresh session per run and per grading). */
  readonly sandbox: SandboxProviderV1;
  /** Finds each instance's environment. Default: the instance's own `environment.image`. */
  readonly resolveEnvironment?: EnvironmentResolver;
  /** The LLM judge of QA answers. */
  readonly judge?: ModelV1;
  /** Judge samples per answer. Default: 3. */
  readonly judgeSamples?: number;
  readonly onProgress?: (progress: EvaluationProgress) => void;
  readonly abortSignal?: AbortSignal;
}

/** What happened to one contender. */
export interface ContenderOutcome {
  readonly model: ModelReference;
  /** The benchmark task (sbv, tdd, fea, qa) of its instances. */
  readonly task: string;
  /** Its folder inside the run folder. */
  readonly folder: string;
  readonly runs: number;
  /** Predictions written per run (`run-<r>/preds.json`). */
  readonly predictionsPerRun: readonly number[];
  /** Results graded by this call and already there. */
  readonly graded: number;
  readonly alreadyGraded: number;
  /** Gradings that threw (not written; a rerun retries them). */
  readonly gradingFailures: readonly { readonly id: string; readonly message: string }[];
  /** Agent runs that failed (not written; a rerun retries them). */
  readonly rolloutFailures: number;
}

/** What {@link runEvaluation} did. */
export interface EvaluationRun {
  readonly out: string;
  /** Environment per `<task>/<instance id>`, or why there is none (such instances count as unresolved). */
  readonly environments: Readonly<Record<string, { readonly source?: EnvironmentSource; readonly image?: string; readonly error?: string }>>;
  readonly contenders: readonly ContenderOutcome[];
}

/** The folder name of a model: `provider__model` with unsafe characters replaced. */
export function contenderFolderName(model: ModelReference): string {
  return `${model.provider}__${model.modelId}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The id of a graded attempt: `<model folder>__<instance id>__run-<r>` (0-based r; `EvalResult.attempt` is r + 1). */
export function resultIdOf(model: ModelReference, instanceId: string, run: number): string {
  return `${contenderFolderName(model)}__${instanceId}__run-${run}`;
}

/** The files of a run folder. */
export const RUN_FILES = {
  manifest: 'evaluation.json',
  instances: 'instances.jsonl',
  environments: 'environments.json',
  trajectories: 'trajectories.jsonl',
  results: 'results.jsonl',
  predictions: 'preds.json',
} as const;

function labelOf(contender: EvaluationContender, fileModel?: string): ModelReference {
  if (contender.type === 'agent') return { provider: contender.agent.model.provider, modelId: contender.agent.model.modelId };
  if (contender.source === 'gold' || contender.source === 'empty') return { provider: 'predictions', modelId: contender.source };
  return { provider: 'predictions', modelId: fileModel ?? contender.source.file.split('/').pop()!.replace(/\.jsonl?$/, '') };
}

/**
 * Runs the evaluation matrix: for each contender (a model through the bash agent, or fixed
 * predictions), each instance (every task in the set) and each run, the agent works in a
 * fresh sandbox of the instance's environment (the repository at its base commit), its
 * submission becomes a prediction, and the prediction is graded by the instance's rule.
 *
 * The run folder holds, per contender, `trajectories.jsonl` (agent runs, ids
 * `<instance>__run-<r>`), `run-<r>/preds.json` (SWE-bench's shape, rebuilt from the
 * trajectories) and `results.jsonl` (core `EvalResult` records), plus `instances.jsonl`
 * (the instances with their resolved environments) and `environments.json`. Every file is
 * written resumably: a killed run started again skips the agent runs and gradings already
 * written, never duplicating or losing one. Raising `runs` later adds runs beside the old
 * ones (K rollouts for test-time scaling reuse this).
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationRun> {
  const runs = options.runs ?? 3;
  await mkdir(options.out, { recursive: true });
  // TDD-Bench reuses SWE-bench's ids: each task gets its own folder, as SWE-Spot's eval_results/<task>/.
  const groups = new Map<string, TaskInstance[]>();
  for (const instance of options.instances) {
    const task = benchmarkTaskOfKind(instance.kind) ?? instance.kind;
    groups.set(task, [...(groups.get(task) ?? []), instance]);
  }
  await writeFile(
    join(options.out, RUN_FILES.manifest),
    `${JSON.stringify({ schemaVersion: 1, runs, tasks: Object.fromEntries([...groups].map(([task, instances]) => [task, instances.length])), contenders: options.contenders.map((contender) => (contender.type === 'agent' ? modelLabel(contender.agent.model) : typeof contender.source === 'string' ? contender.source : contender.source.file)), agent: options.contenders.flatMap((contender) => (contender.type === 'agent' ? [{ model: modelLabel(contender.agent.model), limits: contender.agent.limits, sampling: contender.agent.sampling }] : [])) }, null, 2)}\n`,
  );
  const environments: Record<string, { source?: EnvironmentSource; image?: string; error?: string }> = {};
  const contenders: ContenderOutcome[] = [];
  for (const [task, instances] of groups) {
    const part = await runTask({ ...options, instances }, join(options.out, task), task, runs);
    for (const [id, environment] of Object.entries(part.environments)) environments[`${task}/${id}`] = environment;
    contenders.push(...part.contenders);
  }
  return { out: options.out, environments, contenders };
}

async function runTask(options: RunEvaluationOptions, taskFolder: string, task: string, runs: number): Promise<EvaluationRun> {
  const { sandbox, abortSignal } = options;
  const signal = abortSignal ? { abortSignal } : {};
  await mkdir(taskFolder, { recursive: true });

  // Environments, once per instance; an instance without one stays in the denominator as unresolved.
  // A judged answer needs none: only an agent answering a question works in the repository.
  const needsEnvironment = task !== 'qa' || options.contenders.some((contender) => contender.type === 'agent');
  const environments: Record<string, { source?: EnvironmentSource; image?: string; error?: string }> = {};
  const ready: TaskInstance[] = [];
  let resolvedCount = 0;
  const environmentLimit = pLimit(1);
  options.onProgress?.({ phase: 'environments', done: 0, total: options.instances.length });
  await Promise.all(
    options.instances.map((instance) =>
      environmentLimit(async () => {
        if (abortSignal?.aborted) return;
        try {
          if (options.resolveEnvironment && needsEnvironment) {
            const resolved = await options.resolveEnvironment(instance);
            environments[instance.id] = { source: resolved.source, image: resolved.image };
            ready.push(withResolvedEnvironment(instance, resolved));
          } else {
            environments[instance.id] = { source: 'instance-image', ...(instance.environment.image ? { image: instance.environment.image } : {}) };
            ready.push(instance);
          }
        } catch (error) {
          environments[instance.id] = { error: (error as Error).message.slice(0, 2000) };
          options.onProgress?.({ phase: 'environments', done: resolvedCount + 1, total: options.instances.length, message: `${instance.id}: ${(error as Error).message.split('\n')[0]}` });
        }
        resolvedCount++;
        options.onProgress?.({ phase: 'environments', done: resolvedCount, total: options.instances.length });
      }),
    ),
  );
  abortSignal?.throwIfAborted();
  const order = new Map(options.instances.map((instance, index) => [instance.id, index]));
  ready.sort((left, right) => order.get(left.id)! - order.get(right.id)!);
  await writeFile(join(taskFolder, RUN_FILES.environments), `${JSON.stringify(environments, null, 2)}\n`);
  const instanceWriter = await openJsonlWriter(join(taskFolder, RUN_FILES.instances), { schema: taskInstanceSchema, schemaName: 'TaskInstance', ...signal });
  for (const instance of options.instances) if (!instanceWriter.has(instance.id)) await instanceWriter.write(ready.find((item) => item.id === instance.id) ?? instance);
  await instanceWriter.close();

  const outcomes: ContenderOutcome[] = [];
  for (const contender of options.contenders) {
    const file = contender.type === 'predictions' && typeof contender.source === 'object' ? await readPredictionsFile(contender.source.file) : undefined;
    const model = labelOf(contender, file?.modelName);
    const label = modelLabel(model);
    const folder = join(taskFolder, contenderFolderName(model));
    await mkdir(folder, { recursive: true });
    const contenderRuns = contender.type === 'agent' ? runs : 1;

    // Predictions per run: from the agent's trajectories, or given.
    const predictions = new Map<string, { patch: string; trajectoryId?: string }>();
    let rolloutFailures = 0;
    if (contender.type === 'agent') {
      const trajectoriesFile = join(folder, RUN_FILES.trajectories);
      let done = 0;
      const summary = await runRollouts({
        tasks: ready,
        agent: contender.agent,
        sandbox,
        out: trajectoriesFile,
        runs,
        concurrency: options.concurrency ?? 4,
        prepareSession: async (executor) => {
          // What the image already has untracked (build products) must not end up in the model's diff.
          await executor.exec({ command: 'git status --porcelain --untracked-files=all 2>/dev/null | sed -n "s/^?? //p" >> .git/info/exclude 2>/dev/null; true', ...signal });
        },
        onPlan: ({ scheduled }) => options.onProgress?.({ phase: 'rollouts', model: label, done: 0, total: scheduled }),
        onRunEnd: (result) => {
          done++;
          options.onProgress?.({ phase: 'rollouts', model: label, done, total: -1, ...(result.error ? { message: `${result.trajectoryId}: ${result.error}` } : {}) });
        },
        ...signal,
      });
      rolloutFailures = summary.failed;
      abortSignal?.throwIfAborted();
      const trajectories: Trajectory[] = await readJsonlToArray(trajectoriesFile, { schema: trajectorySchema, schemaName: 'Trajectory' }).catch(() => []);
      for (const trajectory of trajectories) {
        const submission = trajectory.submission;
        const patch = submission === null ? '' : submission.type === 'diff' ? submission.diff : submission.text;
        predictions.set(trajectory.id, { patch, trajectoryId: trajectory.id });
      }
    } else {
      for (const instance of ready) {
        const patch = contender.source === 'gold' ? goldPredictionOf(instance) : contender.source === 'empty' ? '' : (file!.patches.get(instance.id) ?? '');
        predictions.set(rolloutTrajectoryId(instance.id, 0), { patch });
      }
    }
    const predictionsPerRun: number[] = [];
    for (let run = 0; run < contenderRuns; run++) {
      const entries: SweBenchPrediction[] = [];
      for (const instance of ready) {
        const prediction = predictions.get(rolloutTrajectoryId(instance.id, run));
        if (prediction) entries.push({ model_name_or_path: label, instance_id: instance.id, model_patch: prediction.patch });
      }
      await mkdir(join(folder, `run-${run}`), { recursive: true });
      await writePredictionsFile(join(folder, `run-${run}`, RUN_FILES.predictions), entries);
      predictionsPerRun.push(entries.length);
    }

    // Grading: one EvalResult per instance and run with a prediction.
    const writer = await openJsonlWriter(join(folder, RUN_FILES.results), { schema: evalResultSchema, schemaName: 'EvalResult', durability: 'fsync', ...signal });
    const limit = pLimit(options.gradeConcurrency ?? 2);
    const todo: { instance: TaskInstance; run: number; id: string; prediction: { patch: string; trajectoryId?: string } }[] = [];
    let alreadyGraded = 0;
    for (const instance of ready) {
      for (let run = 0; run < contenderRuns; run++) {
        const prediction = predictions.get(rolloutTrajectoryId(instance.id, run));
        if (!prediction) continue;
        const id = resultIdOf(model, instance.id, run);
        if (writer.has(id)) alreadyGraded++;
        else todo.push({ instance, run, id, prediction });
      }
    }
    let graded = 0;
    const gradingFailures: { id: string; message: string }[] = [];
    options.onProgress?.({ phase: 'grading', model: label, done: 0, total: todo.length });
    try {
      await Promise.all(
        todo.map((item) =>
          limit(async () => {
            if (abortSignal?.aborted) return;
            try {
              const grade = await gradePrediction({ instance: item.instance, prediction: item.prediction.patch, sandbox, ...(options.judge ? { judge: options.judge } : {}), ...(options.judgeSamples ? { judgeSamples: options.judgeSamples } : {}), ...signal });
              const result: EvalResult = {
                schemaVersion: 1,
                id: item.id,
                runId: contenderFolderName(model),
                taskId: item.instance.id,
                taskKind: item.instance.kind,
                source: item.instance.provenance.source,
                model,
                attempt: item.run + 1,
                resolved: grade.resolved,
                score: Math.min(1, Math.max(0, grade.score)),
                ...(grade.scoreDetails ? { scoreDetails: { ...grade.scoreDetails } } : {}),
                ...(item.prediction.trajectoryId ? { trajectoryId: item.prediction.trajectoryId } : {}),
                ...(grade.error ? { error: grade.error } : {}),
              };
              await writer.write(result);
              graded++;
              options.onProgress?.({ phase: 'grading', model: label, done: graded + gradingFailures.length, total: todo.length });
            } catch (error) {
              if (abortSignal?.aborted) return;
              gradingFailures.push({ id: item.id, message: (error as Error).message });
              options.onProgress?.({ phase: 'grading', model: label, done: graded + gradingFailures.length, total: todo.length, message: `${item.id}: ${(error as Error).message.split('\n')[0]}` });
            }
          }),
        ),
      );
    } finally {
      await writer.close();
    }
    abortSignal?.throwIfAborted();
    outcomes.push({ model, task, folder, runs: contenderRuns, predictionsPerRun, graded, alreadyGraded, gradingFailures, rolloutFailures });
  }
  return { out: taskFolder, environments, contenders: outcomes };
}

/** Everything a run folder holds, read back for reports: the instances, every contender's results and trajectories. */
export interface EvaluationRecords {
  readonly instances: TaskInstance[];
  readonly results: EvalResult[];
  readonly trajectories: Trajectory[];
  /** Runs per instance of a model label: 1 for fixed predictions (`predictions:*`), the run's `runs` for agents. */
  readonly runs: (model: string) => number;
}

/** Reads a run folder written by {@link runEvaluation} (every record validated by core's schemas). */
export async function readEvaluationRecords(out: string): Promise<EvaluationRecords> {
  const manifest = JSON.parse(await readFile(join(out, RUN_FILES.manifest), 'utf8')) as { runs: number };
  const instances: TaskInstance[] = [];
  const results: EvalResult[] = [];
  const trajectories: Trajectory[] = [];
  const missingIsEmpty = <T>(error: NodeJS.ErrnoException): T[] | Promise<T[]> => (error.code === 'ENOENT' ? [] : Promise.reject(error));
  for (const taskEntry of await readdir(out, { withFileTypes: true })) {
    if (!taskEntry.isDirectory()) continue;
    const taskFolder = join(out, taskEntry.name);
    instances.push(...(await readJsonlToArray(join(taskFolder, RUN_FILES.instances), { schema: taskInstanceSchema, schemaName: 'TaskInstance' }).catch(missingIsEmpty<TaskInstance>)));
    for (const entry of await readdir(taskFolder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      results.push(...(await readJsonlToArray(join(taskFolder, entry.name, RUN_FILES.results), { schema: evalResultSchema, schemaName: 'EvalResult' }).catch(missingIsEmpty<EvalResult>)));
      trajectories.push(...(await readJsonlToArray(join(taskFolder, entry.name, RUN_FILES.trajectories), { schema: trajectorySchema, schemaName: 'Trajectory' }).catch(missingIsEmpty<Trajectory>)));
    }
  }
  return { instances, results, trajectories, runs: (model) => (model.startsWith('predictions:') ? 1 : manifest.runs) };
}

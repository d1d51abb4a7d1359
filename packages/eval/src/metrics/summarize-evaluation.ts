import type { EvalResult, TaskInstance, Trajectory } from '@swespot/core';
import { benchmarkTaskOfKind } from '../load/benchmark-task';
import { meanStd, passAtK, type MeanStd } from './pass-at-k';

/** `provider:modelId`, how reports name a model. */
export function modelLabel(model: { readonly provider: string; readonly modelId: string }): string {
  return `${model.provider}:${model.modelId}`;
}

/** One cell of the results table: a model on one task over one repository (or `all`). */
export interface SummaryCell {
  readonly model: string;
  /** Benchmark task: sbv, tdd, fea or qa (design and fim tasks are listed under their kind). */
  readonly task: string;
  /** `owner/name`, or `all` for every repository pooled (instance-weighted). */
  readonly repo: string;
  /** Instances in the evaluation set: the denominator, whether or not every run graded them. */
  readonly instances: number;
  /** `resolved` (pass rates, shown in %) or `score` (QA judge, 0–100). */
  readonly metric: 'resolved' | 'score';
  /** Per run: the resolved share (0–1) or the mean score (0–100); a run missing a result counts it as 0. */
  readonly perRun: readonly number[];
  /** Mean and population std of `perRun`: pass@1 "averaged over runs" ± its std. */
  readonly pass1: MeanStd;
  /** Unbiased pass@k for k = 1..runs (resolved metrics only), averaged over instances. */
  readonly passAtK: Readonly<Record<number, number>>;
  /** Resolved instances per run (resolved metrics). */
  readonly resolvedPerRun: readonly number[];
  /** Mean of the graded scores in [0, 1] (tddScore for TDD), over all attempts. */
  readonly meanScore: number;
}

/** Trajectory statistics of a model on a task (the paper's Table 3): mean ± std over trajectories. */
export interface TrajectoryStatistics {
  readonly model: string;
  readonly task: string;
  readonly trajectories: number;
  readonly turns: MeanStd;
  readonly inputTokens: MeanStd;
  readonly outputTokens: MeanStd;
  /** Turns of every trajectory, for histograms. */
  readonly turnCounts: readonly number[];
  /** Trajectories per outcome (submitted, step-limit, ...). */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** What a model spent per resolved instance on a task. */
export interface CostSummary {
  readonly model: string;
  readonly task: string;
  /** Summed `usage.costUsd` of the trajectories; null when any cost is unknown (a local model). */
  readonly costUsd: number | null;
  /** Resolved attempts over all runs. */
  readonly resolved: number;
  /** `costUsd / resolved`; null when either is unknown or nothing was resolved. */
  readonly costPerResolved: number | null;
  /** Summed tokens, known even when prices are not. */
  readonly tokens: number;
}

/** Per instance: attempts and correct attempts, kept so pass@k can be recomputed later. */
export interface InstanceOutcome {
  readonly model: string;
  readonly task: string;
  readonly repo: string;
  readonly instanceId: string;
  readonly attempts: number;
  readonly correct: number;
  readonly scores: readonly number[];
}

/** Everything the reports show, computed from the results and trajectories alone. */
export interface EvaluationSummary {
  readonly models: readonly string[];
  /** Runs per model label. */
  readonly runs: Readonly<Record<string, number>>;
  readonly cells: readonly SummaryCell[];
  readonly trajectories: readonly TrajectoryStatistics[];
  readonly cost: readonly CostSummary[];
  readonly instances: readonly InstanceOutcome[];
}

/** Inputs of {@link summarizeEvaluation}. */
export interface SummarizeEvaluationOptions {
  /** The evaluation set: every instance counts in its denominator. */
  readonly instances: readonly Pick<TaskInstance, 'id' | 'repo' | 'kind'>[];
  /** The graded results (EvalResult records); `attempt` is the 1-based run. */
  readonly results: readonly EvalResult[];
  /** Runs per instance (the denominator of pass@1's mean), or per model label (fixed predictions have one run, agents K). */
  readonly runs: number | ((model: string) => number);
  /** The trajectories, for Table 3 and cost; trajectories of other models or tasks are ignored. */
  readonly trajectories?: readonly Pick<Trajectory, 'taskId' | 'taskKind' | 'model' | 'steps' | 'usage' | 'outcome'>[];
}

function taskOf(kind: TaskInstance['kind']): string {
  return benchmarkTaskOfKind(kind) ?? kind;
}

/**
 * Computes the report's numbers from graded results: per model, task and repository (and
 * pooled over repositories), pass@1 as the mean over runs with its std, unbiased pass@k for
 * k up to the number of runs, QA scores on 0–100; trajectory statistics (turns and tokens,
 * mean ± std); cost per resolved instance. A result missing for an instance and run counts as
 * a failure (score 0): the denominator is always the evaluation set.
 */
export function summarizeEvaluation(options: SummarizeEvaluationOptions): EvaluationSummary {
  const runsOf = (model: string) => (typeof options.runs === 'number' ? options.runs : options.runs(model));
  // TDD-Bench reuses SWE-bench ids: an instance is its kind and id.
  const instanceKey = (kind: string, id: string) => `${kind}\u0000${id}`;
  const byInstance = new Map(options.instances.map((instance) => [instanceKey(instance.kind, instance.id), instance]));
  const models = [...new Set(options.results.map((result) => modelLabel(result.model)))].sort();
  const resultKey = (model: string, kind: string, id: string, attempt: number) => `${model}\u0000${kind}\u0000${id}\u0000${attempt}`;
  const results = new Map<string, EvalResult>();
  for (const result of options.results) results.set(resultKey(modelLabel(result.model), result.taskKind, result.taskId, result.attempt), result);

  const tasks = [...new Set(options.instances.map((instance) => taskOf(instance.kind)))];
  const cells: SummaryCell[] = [];
  const outcomes: InstanceOutcome[] = [];
  for (const model of models) {
    const runs = runsOf(model);
    for (const task of tasks) {
      const ofTask = options.instances.filter((instance) => taskOf(instance.kind) === task);
      const metric: SummaryCell['metric'] = task === 'qa' ? 'score' : 'resolved';
      const perInstance = ofTask.map((instance) => {
        const attempts = Array.from({ length: runs }, (_, run) => results.get(resultKey(model, instance.kind, instance.id, run + 1)));
        const outcome: InstanceOutcome & { kind: string } = {
          kind: instance.kind,
          model,
          task,
          repo: instance.repo,
          instanceId: instance.id,
          attempts: runs,
          correct: attempts.filter((result) => result?.resolved === true).length,
          scores: attempts.map((result) => result?.score ?? 0),
        };
        const { kind: _kind, ...kept } = outcome;
        outcomes.push(kept);
        return outcome;
      });
      const repos = [...new Set(ofTask.map((instance) => instance.repo))].sort();
      for (const repo of [...repos, 'all']) {
        const group = perInstance.filter((outcome) => repo === 'all' || outcome.repo === repo);
        if (group.length === 0) continue;
        const resolvedPerRun = Array.from({ length: runs }, (_, run) =>
          group.filter((outcome) => results.get(resultKey(model, outcome.kind, outcome.instanceId, run + 1))?.resolved === true).length,
        );
        const perRun =
          metric === 'resolved'
            ? resolvedPerRun.map((count) => count / group.length)
            : Array.from({ length: runs }, (_, run) => (group.reduce((sum, outcome) => sum + outcome.scores[run]!, 0) / group.length) * 100);
        const passAt: Record<number, number> = {};
        if (metric === 'resolved') {
          for (let k = 1; k <= runs; k++) passAt[k] = group.reduce((sum, outcome) => sum + passAtK(runs, outcome.correct, k), 0) / group.length;
        }
        const allScores = group.flatMap((outcome) => outcome.scores);
        cells.push({
          model,
          task,
          repo,
          instances: group.length,
          metric,
          perRun,
          pass1: meanStd(perRun),
          passAtK: passAt,
          resolvedPerRun,
          meanScore: allScores.reduce((sum, score) => sum + score, 0) / Math.max(1, allScores.length),
        });
      }
    }
  }

  const trajectories: TrajectoryStatistics[] = [];
  const cost: CostSummary[] = [];
  for (const model of models) {
    for (const task of tasks) {
      const group = (options.trajectories ?? []).filter((trajectory) => {
        const instance = byInstance.get(instanceKey(trajectory.taskKind, trajectory.taskId));
        return instance !== undefined && modelLabel(trajectory.model) === model && taskOf(instance.kind) === task;
      });
      const resolved = options.results.filter((result) => modelLabel(result.model) === model && result.resolved === true && taskOf(result.taskKind) === task).length;
      if (group.length > 0) {
        const turnCounts = group.map((trajectory) => trajectory.steps.length);
        const outcomeCounts: Record<string, number> = {};
        for (const trajectory of group) outcomeCounts[trajectory.outcome] = (outcomeCounts[trajectory.outcome] ?? 0) + 1;
        trajectories.push({
          model,
          task,
          trajectories: group.length,
          turns: meanStd(turnCounts),
          inputTokens: meanStd(group.map((trajectory) => trajectory.usage.inputTokens)),
          outputTokens: meanStd(group.map((trajectory) => trajectory.usage.outputTokens)),
          turnCounts,
          outcomes: outcomeCounts,
        });
      }
      const known = group.every((trajectory) => trajectory.usage.costUsd !== null);
      const costUsd = group.length === 0 || !known ? null : group.reduce((sum, trajectory) => sum + (trajectory.usage.costUsd ?? 0), 0);
      cost.push({
        model,
        task,
        costUsd,
        resolved,
        costPerResolved: costUsd === null || resolved === 0 ? null : costUsd / resolved,
        tokens: group.reduce((sum, trajectory) => sum + trajectory.usage.inputTokens + trajectory.usage.outputTokens, 0),
      });
    }
  }
  return { models, runs: Object.fromEntries(models.map((model) => [model, runsOf(model)])), cells, trajectories, cost, instances: outcomes };
}

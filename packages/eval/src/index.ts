/**
 * `@swespot/eval`: Repository-Centric Evaluation (RCE) as in SWE-Spot: benchmark loaders
 * (SWE-bench Verified, TDD-Bench-Verified, FEA-Bench, SWE-QA, our TaskInstances), the
 * temporal protocol (cutoff, top-k repositories, leakage check), the run matrix, graders,
 * the LLM judge, pass@k and reports.
 */
export { VERSION } from './version';
// loaders
export { BENCHMARK_TASKS, BENCHMARK_KINDS, benchmarkTaskOfKind, type BenchmarkTask } from './load/benchmark-task';
export { loadBenchmark, type LoadBenchmarkOptions, type LoadedBenchmark, type LoadProblem } from './load/load-benchmark';
// the temporal protocol
export {
  selectPostCutoff,
  cutoffInstant,
  instanceCreatedAt,
  type SelectPostCutoffOptions,
  type PostCutoffSelection,
} from './protocol/select-post-cutoff';
export { rankRepositories, selectTopRepositories, type RepositoryRank } from './protocol/top-repositories';
export { checkLeakage, pullRequestOf, type CheckLeakageOptions, type Leak, type LeakKind } from './protocol/check-leakage';
export { LeakageError } from './protocol/leakage-error';
// metrics
export { passAtK, meanStd, expectedBestOfK, type MeanStd } from './metrics/pass-at-k';
export {
  summarizeEvaluation,
  modelLabel,
  type SummarizeEvaluationOptions,
  type EvaluationSummary,
  type SummaryCell,
  type TrajectoryStatistics,
  type CostSummary,
  type InstanceOutcome,
} from './metrics/summarize-evaluation';

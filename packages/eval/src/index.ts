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
// environments, the run matrix and predictions
export {
  createEnvironmentResolver,
  withResolvedEnvironment,
  type EnvironmentResolver,
  type EnvironmentResolverSettings,
  type EnvironmentSource,
  type ResolvedEnvironment,
} from './run/resolve-environment';
export {
  runEvaluation,
  readEvaluationRecords,
  createEvaluationAgent,
  contenderFolderName,
  resultIdOf,
  PAPER_AGENT_SETTINGS,
  RUN_FILES,
  type RunEvaluationOptions,
  type EvaluationContender,
  type EvaluationProgress,
  type EvaluationRun,
  type ContenderOutcome,
  type EvaluationRecords,
} from './run/run-evaluation';
export { readPredictionsFile, writePredictionsFile, goldPredictionOf, type SweBenchPrediction } from './run/predictions-file';
// graders
export { gradePrediction, type GradePredictionOptions } from './grade/grade-prediction';
export { gradeResolution, testSpecForRun, type GradeResolutionOptions, type PredictionGrade } from './grade/grade-resolution';
export { judgeAnswer, parseJudgeReply, JUDGE_CRITERIA, JUDGE_PROMPT, type JudgeAnswerOptions, type JudgeCriterion, type JudgeVerdict } from './grade/judge-answer';
// reports
export { renderMarkdownReport, formatCell } from './report/render-markdown-report';
export { renderHtmlReport, reportCharts, readChartJsBundle, type ReportChart } from './report/render-html-report';
export { writeEvaluationReport, REPORT_FILES } from './report/write-evaluation-report';
// test-time scaling with a generative verifier (SWE-Lego)
export { DEFAULT_VERIFIER_TEMPLATES, type VerifierTemplates } from './tts/default-verifier-templates';
export {
  renderVerifierPrompt,
  patchOfCandidate,
  DEFAULT_TEST_COMMAND_PATTERN,
  type RenderVerifierPromptOptions,
  type VerifierPrompt,
} from './tts/render-verifier-prompt';
export { yesProbabilityFromLogprobs, answerOfText } from './tts/read-yes-no';
export {
  createGenerativeVerifier,
  type GenerativeVerifierSettings,
  type GenerativeVerifierMethod,
  type VerifierTemplateSource,
} from './tts/create-generative-verifier';
export {
  selectCandidate,
  rankCandidates,
  pickHighestScore,
  fallbackPool,
  type ScoredCandidate,
  type ExistingTestsCheck,
  type CandidateDropReason,
  type SelectCandidateOptions,
  type CandidateVerdict,
  type CandidateSelection,
} from './tts/select-candidate';
export {
  testTimeScalingMetrics,
  scalingSteps,
  type GradedCandidate,
  type GradedInstance,
  type TestTimeScalingRow,
  type VerifierAgreement,
  type TestTimeScalingMetrics,
} from './tts/test-time-scaling-metrics';
export {
  loadVerifierTemplates,
  type VerifierTemplateSources,
} from './tts/create-generative-verifier';
export {
  exportVerifierDataset,
  type ExportVerifierDatasetOptions,
  type GradedRollout,
  type VerifierDatasetSummary,
} from './tts/export-verifier-dataset';
export {
  scoreTestTimeScaling,
  readTestTimeScaling,
  TTS_FILES,
  type ScoreTestTimeScalingOptions,
  type TestTimeScalingOutcome,
  type TestTimeScalingSummary,
} from './tts/score-test-time-scaling';
export { renderTestTimeScalingMarkdown, testTimeScalingCharts } from './tts/render-test-time-scaling';

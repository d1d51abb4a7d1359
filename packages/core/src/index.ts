/**
 * `@swespot/core`: the contracts every swespot package builds on. Versioned interfaces
 * (models, sandboxes, git readers), zod schemas of every record written to disk, errors,
 * JSONL streaming I/O, seeded randomness and stable ids. Runtime dependency: zod only.
 */
export { VERSION } from './version';

// errors
export { SwespotError, type SwespotErrorOptions } from './errors/swespot-error';
export { InvalidArgumentError } from './errors/invalid-argument-error';
export { InvalidConfigError, type ConfigIssue } from './errors/invalid-config-error';
export { LoadSettingError } from './errors/load-setting-error';
export { ApiCallError, isRetryableStatus } from './errors/api-call-error';
export { UnsupportedCapabilityError } from './errors/unsupported-capability-error';
export { SandboxCommandError } from './errors/sandbox-command-error';
export { ValidationError, type ValidationIssue } from './errors/validation-error';
export { parseWithSchema, toValidationIssues, type ParseLocation } from './schemas/zod-issues';

// interfaces: model, sandbox, git
// @section interfaces
export type * from './model/v1';
export type * from './sandbox/v1';
export type * from './git/v1';
export type * from './verifier/v1';

// records on disk: TaskInstance, TestReport, Trajectory, RunRecord
// @section record-schemas
export {
  schemaVersionSchema,
  isoDateTimeSchema,
  commitShaSchema,
  repositoryNameSchema,
  recordIdSchema,
  lineRangeSchema,
  byteRangeSchema,
  type LineRange,
  type ByteRange,
} from './schemas/record-fields';
export { lineRangeTupleSchema, type LineRangeTuple } from './schemas/line-range-tuple';
export {
  testFrameworkSchema,
  testSelectionSchema,
  testSpecSchema,
  type TestFramework,
  type TestSelection,
  type TestSpec,
} from './schemas/test-spec';
export { environmentSpecSchema, type EnvironmentSpec } from './schemas/environment-spec';
export {
  recipeFieldSourceSchema,
  recipeDependencySchema,
  recipeLanguageSchema,
  environmentRecipeSchema,
  dependencyModeSchema,
  environmentBuildSchema,
  environmentOverridesSchema,
  type RecipeFieldSource,
  type RecipeDependency,
  type RecipeLanguage,
  type EnvironmentRecipe,
  type DependencyMode,
  type EnvironmentBuild,
  type EnvironmentOverrides,
} from './schemas/environment-recipe';
export { sweBenchOriginSchema, type SweBenchOrigin } from './schemas/swe-bench-origin';
export {
  taskSourceSchema,
  generatorSchema,
  provenanceSchema,
  type TaskSource,
  type Generator,
  type Provenance,
} from './schemas/provenance';
export {
  taskKindSchema,
  snapshotSchema,
  taskBaseSchema,
  type TaskKind,
  type Snapshot,
  type TaskBase,
} from './schemas/task-base';
export { linkedIssueSchema, type LinkedIssue } from './schemas/change-task-fields';
export {
  designTargetSchema,
  groundingFactSchema,
  rubricItemSchema,
  designTaskSchema,
  type DesignTarget,
  type GroundingFact,
  type RubricItem,
  type DesignTask,
} from './schemas/design-task';
export {
  holeGranularitySchema,
  holePartSchema,
  fimHoleSchema,
  crossFileDependencySchema,
  fimTaskSchema,
  type HoleGranularity,
  type HolePart,
  type FimHole,
  type CrossFileDependency,
  type FimTask,
} from './schemas/fim-task';
export { bugOriginSchema, bugfixTaskSchema, type BugOrigin, type BugfixTask } from './schemas/bugfix-task';
export {
  reproductionGradingSchema,
  testReproTaskSchema,
  type ReproductionGrading,
  type TestReproTask,
} from './schemas/test-repro-task';
export {
  reproductionGradeSchema,
  reproductionReasonCodeSchema,
  reproductionReasonSchema,
  reproductionTestSchema,
  reproductionTestOutcomeSchema,
  reproductionRunStatusSchema,
  reproductionCoverageSchema,
  reproductionCoverageFileSchema,
  patchHunkReferenceSchema,
  type ReproductionGrade,
  type ReproductionReasonCode,
  type ReproductionReason,
  type ReproductionTest,
  type ReproductionTestOutcome,
  type ReproductionRunStatus,
  type ReproductionCoverage,
  type ReproductionCoverageFile,
  type PatchHunkReference,
} from './schemas/reproduction-grade';
export {
  newComponentSchema,
  newComponentFileSchema,
  featureTaskSchema,
  type NewComponent,
  type NewComponentFile,
  type FeatureTask,
} from './schemas/feature-task';
export { qaTaskSchema, type QaTask } from './schemas/qa-task';
export { taskInstanceSchema, type TaskInstance } from './schemas/task-instance';
export {
  testStatusSchema,
  testResultSchema,
  runnerSummarySchema,
  suiteEvidenceSchema,
  testReportSchema,
  testOutputTailSchema,
  TEST_REPORT_OUTPUT_TAIL_BYTES,
  type TestOutputTail,
  type TestStatus,
  type TestResult,
  type RunnerSummary,
  type SuiteEvidence,
  type TestReport,
} from './schemas/test-report';
export { modelReferenceSchema, type ModelReference } from './schemas/model-reference';
export { samplingSettingsSchema, type SamplingSettings } from './schemas/sampling-settings';
export {
  chatMessageSchema,
  stepFlagsSchema,
  toolCallSchema,
  trajectoryStepSchema,
  trajectorySchemaVersionSchema,
  trajectoryOutcomeSchema,
  submissionSchema,
  usageTotalsSchema,
  trajectorySchema,
  type ChatMessage,
  type StepFlags,
  type ToolCall,
  type TrajectoryStep,
  type TrajectoryOutcome,
  type Submission,
  type UsageTotals,
  type Trajectory,
} from './schemas/trajectory';
export {
  runFileSchema,
  runStatusSchema,
  runRecordSchema,
  type RunFile,
  type RunStatus,
  type RunRecord,
} from './schemas/run-record';
export { evalResultSchema, type EvalResult } from './schemas/eval-result';
export { verifierScoreSchema, type VerifierScore } from './schemas/verifier-score';
export {
  mineSummarySchema,
  mineStageSummarySchema,
  mineUnitSummarySchema,
  mineUnitNameSchema,
  mineFunnelStepSchema,
  type MineSummary,
  type MineStageSummary,
  type MineUnitSummary,
  type MineUnitName,
} from './schemas/mine-summary';

// SWE-bench rows <-> bugfix/feature instances
// @section swe-bench
export {
  sweBenchRowSchema,
  sweBenchTestListSchema,
  parseSweBenchTestList,
  type SweBenchRow,
  type SweBenchRowInput,
  type SweBenchTestList,
} from './swe-bench/swe-bench-row';
export { fromSweBenchRow, TDD_BENCH_COVERAGE_EXEMPT, type FromSweBenchRowOptions } from './swe-bench/from-swe-bench-row';
export { toSweBenchRow, type ToSweBenchRowOptions } from './swe-bench/to-swe-bench-row';
export type { SweBenchTask, SweBenchTaskKind, SweBenchEncodings } from './swe-bench/swe-bench-field-codecs';

// JSONL streaming reader and resumable writer
// @section jsonl
export { parseJsonlLine, type ParseJsonlLineOptions } from './jsonl/parse-jsonl-line';
export {
  readJsonl,
  type ReadJsonlOptions,
  type JsonlReader,
  type JsonlReadStats,
  type JsonlSkippedLine,
  type JsonlTruncatedTail,
} from './jsonl/read-jsonl';
export { readJsonlToArray } from './jsonl/read-jsonl-to-array';
export {
  openJsonlWriter,
  type OpenJsonlWriterOptions,
  type JsonlWriter,
  type JsonlWriteOptions,
  type JsonlDurability,
} from './jsonl/open-jsonl-writer';

// seeded randomness and stable ids
// @section random
export { createRandom, type Random } from './random/create-random';
export { stableId, type StableIdOptions } from './ids/stable-id';
export { canonicalJson } from './ids/canonical-json';

// sharding a stage across machines: --shard I/N, shard manifests, merge
// @section shard
export {
  parseShardOption,
  shardOptionSchema,
  shardSpecSchema,
  formatShard,
  MAX_SHARD_COUNT,
  type ShardSpec,
} from './shard/shard-spec';
export { shardIndexOf, isInShard, selectShard } from './shard/shard-index-of';
export { SHARD_RECORD_SCHEMAS, type ShardRecordSchemaName } from './shard/shard-record-schemas';
export {
  shardManifestSchema,
  shardManifestPathFor,
  writeShardManifest,
  readShardManifest,
  type ShardManifest,
  type WriteShardManifestOptions,
} from './shard/shard-manifest';
export { mergeShards, type MergeShardsOptions, type MergeShardsResult } from './shard/merge-shards';

// ms-swift dataset records (shared by trajectory and train-launcher)
// @section ms-swift
export {
  msSwiftRoleSchema,
  msSwiftMessageSchema,
  msSwiftRecordSchema,
  msSwiftTraceFields,
  checkMsSwiftRules,
  validateMsSwiftRecord,
  type MsSwiftRole,
  type MsSwiftMessage,
  type MsSwiftRecord,
} from './schemas/ms-swift-record';

// additions for repo-sandbox (git, snapshots, sandboxes, test runs)
// @section repo-sandbox
export {
  historyFileChangeSchema,
  pullRequestLinkSchema,
  issueReferenceSchema,
  historyCommitRecordSchema,
  type HistoryFileChange,
  type PullRequestLink,
  type IssueReference,
  type HistoryCommitRecord,
} from './schemas/history-commit-record';

// additions for code-index
// @section code-index
export {
  codeEntityKindSchema,
  codeHotnessSchema,
  codeEntitySchema,
  codeImportKindSchema,
  codeImportSchema,
  codeReferenceStatusSchema,
  codeReferenceSchema,
  codeTestCaseSchema,
  indexedFileSchema,
  codeHotnessWindowSchema,
  codeIndexRecordSchema,
  type CodeEntityKind,
  type CodeHotness,
  type CodeEntity,
  type CodeImportKind,
  type CodeImport,
  type CodeReferenceStatus,
  type CodeReference,
  type CodeTestCase,
  type IndexedFile,
  type CodeHotnessWindow,
  type CodeIndexRecord,
} from './schemas/code-index-record';

// additions for models and the agent
// @section agent

// helpers every ModelV1 implementation needs (rule of three: anthropic, google, openai)
export { loadApiKey, type LoadApiKeyOptions } from './model-utils/load-api-key';
export { calculateCostUsd, findModelPrice, type ModelPrice, type PriceTable, type PricedUsage } from './model-utils/model-price';
export { parseRetryAfter, readHeader, type HeaderSource } from './model-utils/parse-retry-after';
export { redactSecret } from './model-utils/redact-secret';
export {
  computeRetryDelay,
  resolveRetrySettings,
  retryWithBackoff,
  type RetryEvent,
  type RetrySettings,
  type RetryWithBackoffOptions,
} from './model-utils/retry-with-backoff';
export { runWithTimeout, type RunWithTimeoutOptions } from './model-utils/run-with-timeout';
export { MODEL_SETTING_KEYS, mergeModelSettings } from './model-utils/merge-model-settings';
export {
  callWithRetries,
  parseProviderOptions,
  type CallWithRetriesOptions,
  type ModelRetryEvent,
} from './model-utils/call-with-retries';

/**
 * `@swespot/trajectory`: agent trajectories to training data. Import (swespot agent JSONL,
 * mini-swe-agent, SWE-agent), filter (success, bounds, duplicates, temporal leakage,
 * secrets), trim loops, mask error steps, build curricula and unit mixes, and export for
 * ms-swift, OpenAI chat fine-tuning and ShareGPT with a stats report.
 */

// import
export { readTrajectories, detectTrajectoryFormat, type TrajectoryFormat, type ReadTrajectory, type ReadTrajectoriesOptions, type UnreadableTrajectory } from './import/read-trajectories';
export type { ImportSettings } from './import/import-settings';
export { fromMiniSweAgent, miniSweAgentFileSchema, type MiniSweAgentFile } from './import/from-mini-swe-agent';
export { toMiniSweAgent, type ToMiniSweAgentOptions } from './import/to-mini-swe-agent';
export { fromSweAgent, sweAgentFileSchema, type SweAgentFile } from './import/from-swe-agent';
export { toSweAgent } from './import/to-swe-agent';
export { parseBashAction, compileActionRule, miniSweAgentActionRules, type MiniSweAgentActionRule, type ParsedBashAction } from './import/parse-bash-action';

// filters
export {
  createTrajectoryFilter,
  type TrajectoryFilter,
  type TrajectoryFilterSettings,
  type FilterDecision,
  type RejectionReason,
} from './filter/create-trajectory-filter';
export { findSecrets, findSecretsInText, type SecretFinding, type SecretKind } from './filter/find-secrets';
export {
  createTemporalLeakDetector,
  type TemporalLeakDetector,
  type TemporalLeakSettings,
  type TemporalLeak,
} from './filter/create-temporal-leak-detector';
export { findLoops, trimLoops, type LoopSettings, type StepLoop } from './filter/find-loops';
export { createVerdictIndex, readVerdicts, type Verdict, type VerdictIndex, type ReadVerdictsOptions } from './filter/verdicts';

// masking, curriculum, mixing
export {
  maskErrorSteps,
  classifyStepError,
  editedFilesOf,
  stepErrorKinds,
  type StepErrorKind,
  type MaskErrorStepsSettings,
  type MaskedStep,
  type EditedFile,
  type EditedFileHistory,
} from './mask-error-steps';
export { assignCurriculumStages } from './assign-curriculum-stages';
export { sampleLikeMsSwift, mixGroups } from './sample-like-ms-swift';
export { splitByTask } from './split-by-task';
export { rcxUnitOf, rcxUnits, resolveRcxUnit, type RcxUnit } from './rcx-unit';

// tokens
export {
  createEstimateTokenCounter,
  loadTokenizerTokenCounter,
  type TokenCounter,
  type EstimateTokenCounterSettings,
  type LoadTokenizerTokenCounterOptions,
} from './token-counter';

// export
export { toConversation, toolResultsOf, type ConversationMessage, type ConversationOptions } from './export/to-conversation';
export { toMsSwiftRecord, type MsSwiftRecordOptions } from './export/to-ms-swift-record';
export { toOpenAiChatRecord, openAiChatRecordSchema, type OpenAiChatRecord } from './export/to-open-ai-chat-record';
export { toShareGptRecord, shareGptRecordSchema, type ShareGptRecord, type ShareGptRecordOptions } from './export/to-share-gpt-record';
export { rowTraceOf, type RowTrace } from './export/row-trace';
export { toolCallJson, hermesToolCall, hermesToolResponse, deriveToolDefinitions, countToolCalls, assertActionsShown, unshownTailLength } from './export/tool-calls';
export { UnrepresentableTrajectoryError, type UnrepresentableReason } from './export/unrepresentable-trajectory-error';
export {
  datasetStatisticsSchema,
  formatDatasetStatistics,
  meanStandardDeviation,
  type DatasetStatistics,
  type MeanStandardDeviation,
} from './dataset-statistics';
export { exportDataset, exportFormats, type ExportDatasetOptions, type ExportFormat, type ExportRejection } from './export-dataset';

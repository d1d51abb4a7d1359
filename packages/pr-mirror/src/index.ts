/**
 * `@swespot/pr-mirror`: RCX unit 3, Evolutionary Replay. Bugs mirrored from the repository's
 * own pull requests (mining, relaxed or strict selection, reverse application with a 3-way
 * merge or a model, test finding) and the validator and problem-statement writer that every
 * bug source shares (PR mirrors, synthetic bugs).
 */
export { VERSION } from './version';
// diffs (jsdiff)
export { readPatchFiles, addedLinesOf, removedLinesOf, reverseUnifiedDiff, diffFile, type PatchFile } from './diff/patch-files';
// mining and selection
export { isTestPath, isSourcePath, DEFAULT_SOURCE_EXTENSIONS } from './mining/classify-path';
export { minePullRequests, type MinePullRequestsOptions, type MinedHistory, type MinedPullRequest, type MinedFileChange } from './mining/mine-pull-requests';
export {
  selectPullRequests,
  RELAXED_SELECTION,
  STRICT_SELECTION,
  SELECTION_PRESETS,
  SELECTION_FILTERS,
  type SelectionSettings,
  type SelectionFilter,
  type SelectPullRequestsOptions,
  type PullRequestSelection,
} from './mining/select-pull-requests';
export { enrichPullRequests, type EnrichPullRequestsOptions } from './github/enrich-pull-requests';
// mirroring and test finding
export { mirrorPullRequest, mirrorFileMessages, stripCodeFence, type MirrorPullRequestOptions, type MirrorOutcome, type MirroredBug } from './mirror/mirror-pull-request';
export { prepareMirrorCandidates, type PrepareMirrorCandidatesOptions, type MirrorFunnel } from './mirror/prepare-mirror-candidates';
export { pullRequestCandidate, pullRequestInstanceId, type PullRequestCandidateOptions } from './mirror/pull-request-candidate';
export {
  findCandidateTests,
  listSnapshotFiles,
  isTestModulePath,
  type FindCandidateTestsOptions,
  type CandidateTestFile,
  type CandidateTestReason,
  type TestsForSource,
} from './tests-finding/find-candidate-tests';
// validating bug candidates (shared by every bug source)
export type { BugCandidate, BugContext } from './validate/bug-candidate';
export { classifyTestOutcomes, type TestOutcomes } from './validate/classify-test-outcomes';
export {
  createBugValidator,
  type BugValidator,
  type BugValidatorOptions,
  type BugValidation,
  type BugValidationStatus,
  type BugValidatorRun,
  type RunBugTests,
} from './validate/create-bug-validator';
export {
  validateBugCandidates,
  type ValidateBugCandidatesOptions,
  type BugValidationProgress,
  type BugValidationSummary,
} from './validate/validate-bug-candidates';
// problem statements
export {
  findProblemStatementLeak,
  testNameOf,
  type ProblemStatementSecrets,
  type ProblemStatementLeak,
} from './problem-statement/find-problem-statement-leak';
export {
  writeProblemStatement,
  problemStatementTemplate,
  problemStatementMessages,
  type ProblemStatementInput,
  type WriteProblemStatementOptions,
  type WrittenProblemStatement,
} from './problem-statement/write-problem-statement';
// records
export { toBugfixTask, type ToBugfixTaskOptions } from './output/to-bugfix-task';
export { toSweSmithRow, type SweSmithRow } from './output/to-swe-smith-row';
// synthetic bugs (procedural mutations, model strategies, combine)
export * from './synthetic/index';

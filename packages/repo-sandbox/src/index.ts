/**
 * `@swespot/repo-sandbox`: git at native speed, snapshots at a cutoff with a leakage
 * audit, and (through the `./docker`, `./bubblewrap` and `./local` subpaths) sandboxes,
 * patches and test runs.
 */
// @section git-and-snapshots
export { createGitCliReader, type GitCliReaderSettings } from './git/git-cli-reader';
export {
  createIsomorphicGitReader,
  createIsomorphicGitCache,
  type IsomorphicGitReaderSettings,
  type IsomorphicGitCache,
} from './git/isomorphic-git-reader';
export { openGitReader, type OpenGitReaderOptions, type GitBackendChoice } from './git/open-git-reader';
export { findGitBinary } from './git/find-git-binary';
export {
  hasLogWithChanges,
  type GitRepositoryReader,
  type GitCommitChanges,
  type GitFileChange,
  type GitLogWithChangesOptions,
} from './git/git-repository-reader';
export { runGit, runGitText, type RunGitOptions, type RunGitResult } from './git/run-git';
export { streamGit, type StreamGitOptions } from './git/stream-git';
export { readHistory, toHistoryRecord, type ReadHistoryOptions } from './history/read-history';
export { findPullRequest } from './history/find-pull-request';
export { findIssueReferences, CLOSING_KEYWORDS, type FindIssueReferencesOptions } from './history/find-issue-references';
export { computeFileChurn, type ComputeFileChurnOptions, type FileChurn } from './history/compute-file-churn';
export {
  computeLineRangeChurn,
  type ComputeLineRangeChurnOptions,
  type LineRangeChurn,
} from './history/compute-line-range-churn';
export {
  createSnapshot,
  readSnapshotManifest,
  SNAPSHOT_MANIFEST,
  type CreateSnapshotOptions,
  type SnapshotInfo,
  type SnapshotHistory,
} from './snapshot/create-snapshot';
export { copySnapshot, type CopySnapshotOptions, type CopySnapshotMethod } from './snapshot/copy-snapshot';
export {
  auditSnapshot,
  formatAuditSummary,
  countLeaks,
  MAX_LISTED_LEAKS_PER_KIND,
  type AuditSnapshotOptions,
  type SnapshotAuditReport,
  type SnapshotLeak,
  type SnapshotLeakKind,
  type AuditedRef,
} from './snapshot/audit-snapshot';
export { SnapshotLeakError } from './snapshot/snapshot-leak-error';
export { assertRepositoryFolder } from './git/assert-repository-folder';
export {
  claimOutputFolder,
  claimOutputFile,
  type ClaimOutputPathOptions,
  type OutputFolderClaim,
  type OutputFileClaim,
} from './output-path/claim-output-path';
// @section sandboxes-patches-tests
// sandbox helpers shared by every backend (the backends are on ./docker, ./bubblewrap, ./local)
export { withSandboxSession } from './sandbox-shared/with-sandbox-session';
export { createCappedOutput, type CappedOutput } from './sandbox-shared/capped-output';
export {
  reapHostSandboxFolders,
  type ReapHostSandboxFoldersOptions,
} from './sandbox-shared/host-folder-owner';
export { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_SANDBOX_WORKDIR } from './sandbox-shared/sandbox-defaults';
// patches
export {
  applyPatch,
  reverseApplyPatch,
  type ApplyPatchOptions,
  type ApplyPatchResult,
  type PatchAttempt,
  type PatchMethod,
} from './patch/apply-patch';
export { assertPatchStaysInside, type AssertPatchStaysInsideOptions } from './patch/assert-patch-stays-inside';
export { parsePatchFiles, type PatchFile } from './patch/parse-patch-files';
export { PatchRefusedError } from './patch/patch-refused-error';
export { diffWorkspace, type DiffWorkspaceOptions } from './patch/diff-workspace';
// running tests and reading their output
export { runTests, type RunTestsOptions } from './test-run/run-tests';
export { renderTestCommand, shellQuote } from './test-run/render-test-command';
export {
  buildTestReport,
  assessTestReport,
  diagnoseMissingRunner,
  tailOfText,
  type BuildTestReportOptions,
  type TestReportAssessment,
} from './test-run/build-test-report';
export { TEST_OUTPUT_PARSERS, testOutputParserFor } from './test-run/test-output-parsers';
export { stripAnsi, type TestOutput, type ParsedTestOutput, type TestOutputParser } from './test-run/test-output';
export { parsePytestOutput } from './test-run/parsers/parse-pytest-output';
export { parseUnittestOutput } from './test-run/parsers/parse-unittest-output';
export { parseSympyOutput } from './test-run/parsers/parse-sympy-output';
export { parseJestOutput } from './test-run/parsers/parse-jest-output';
export { parseVitestOutput } from './test-run/parsers/parse-vitest-output';
export { parseMochaOutput } from './test-run/parsers/parse-mocha-output';
export { parseNodeTestOutput } from './test-run/parsers/parse-node-test-output';
export { parseGoTestOutput } from './test-run/parsers/parse-go-test-output';
export { parseCargoOutput } from './test-run/parsers/parse-cargo-output';
export { parseMavenOutput } from './test-run/parsers/parse-maven-output';
// environment images: the Debian mirror (the builders need Docker and live on ./docker)
export { readAptMirror, type AptMirror, type ReadAptMirrorOptions } from './images/read-apt-mirror';
export { readJunitXml } from './test-run/read-junit-xml';
// @section environments
// environments: a recipe inferred from the repository's files, built into an image and verified by its suite
export { inferEnvironment, recipeSourcesUnchanged, type InferEnvironmentOptions } from './environment/infer-environment';
export {
  loadEnvironmentOverrides,
  parseEnvironmentOverrides,
  applyEnvironmentOverrides,
  type LoadEnvironmentOverridesOptions,
  type LoadedEnvironmentOverrides,
} from './environment/environment-overrides';
export { EnvironmentInferenceError } from './environment/environment-inference-error';
export { EnvironmentBuildError, type EnvironmentBuildStep } from './environment/environment-build-error';
export {
  buildEnvironment,
  taskEnvironmentOf,
  passRateOf,
  PYTEST_EXIT_OPTION,
  type BuildEnvironmentOptions,
  type EnvironmentBuildProgress,
} from './environment/build-environment';
export {
  runEnvironmentTests,
  runEnvironmentTestsWithOutput,
  runSpecInExecutor,
  SNAPSHOT_FILES_PATH,
  JUNIT_REPORT_PATH,
  type RunEnvironmentTestsOptions,
  type EnvironmentTestRun,
} from './environment/run-environment-tests';
export {
  mapToDebianPackages,
  parseDhPythonFallback,
  DEBIAN_NAME_TABLE,
  STANDARD_LIBRARY_BACKPORTS,
  DH_PYTHON_FALLBACK_PATH,
  type DebianPythonIndex,
  type DebianPackageMapping,
} from './environment/map-debian-packages';
export { diagnoseCollectionErrors, pytestPluginsForConfiguration, type CollectionErrorNeed, type PytestPluginNeed } from './environment/pytest-plugins';
export {
  parseRequirement,
  normaliseDistributionName,
  evaluateMarker,
  linuxMarkerEnvironment,
  type ParsedRequirement,
  type MarkerEnvironment,
} from './environment/parse-requirement';

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
  type AuditSnapshotOptions,
  type SnapshotAuditReport,
  type SnapshotLeak,
  type SnapshotLeakKind,
  type AuditedRef,
} from './snapshot/audit-snapshot';
export { SnapshotLeakError } from './snapshot/snapshot-leak-error';
// @section sandboxes-patches-tests

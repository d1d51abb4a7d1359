import type { GitCommitV1, GitReaderV1, HistoryCommitRecord, HistoryFileChange } from '@swespot/core';
import { hasLogWithChanges, type GitFileChange } from '../git/git-repository-reader';
import { findIssueReferences } from './find-issue-references';
import { findPullRequest } from './find-pull-request';

/** Options of {@link readHistory}. */
export interface ReadHistoryOptions {
  /** Reads the repository (a snapshot at the cutoff, by the temporal protocol). */
  readonly reader: GitReaderV1;
  /** The branch to follow. Default: `HEAD`. */
  readonly ref?: string;
  /** Only commits whose committer date is at or before this time (ISO string or Date). Default: no limit. */
  readonly until?: string | Date;
  /** Only commits whose committer date is at or after this time. Default: no limit. */
  readonly since?: string | Date;
  /** Detect renames (git's `-M`). Default: true. */
  readonly detectRenames?: boolean;
  readonly abortSignal?: AbortSignal;
}

/**
 * The first-parent history of a branch, newest first, one {@link HistoryCommitRecord} per
 * commit: its dates, the pull request it came from, the issues its message refers to, and
 * the files it changed against its first parent with status and line counts (a merge
 * commit's files are the whole pull request). On the native backend this is one
 * `git log --first-parent --raw --numstat` process, streamed.
 */
export async function* readHistory(options: ReadHistoryOptions): AsyncGenerator<HistoryCommitRecord> {
  const { reader, ref, until, since, detectRenames, abortSignal } = options;
  const logOptions = {
    firstParent: true,
    ...(ref === undefined ? {} : { ref }),
    ...(until === undefined ? {} : { until }),
    ...(since === undefined ? {} : { since }),
    ...(detectRenames === undefined ? {} : { detectRenames }),
    ...(abortSignal ? { abortSignal } : {}),
  };
  if (hasLogWithChanges(reader)) {
    for await (const { commit, files } of reader.logWithChanges(logOptions)) yield toHistoryRecord(commit, files);
    return;
  }
  for await (const commit of reader.log(logOptions)) {
    const parent = commit.parents[0] ?? null;
    const diffOptions = { ...(detectRenames === undefined ? {} : { detectRenames }), ...(abortSignal ? { abortSignal } : {}) };
    const statuses = await reader.diffNameStatus(parent, commit.sha, diffOptions);
    const counts = await reader.diffNumstat(parent, commit.sha, diffOptions);
    yield toHistoryRecord(
      commit,
      statuses.map((status, index) => ({ ...status, added: counts[index]?.added ?? null, removed: counts[index]?.removed ?? null })),
    );
  }
}

/** Builds the history record of one commit from the commit and its changed files. */
export function toHistoryRecord(commit: GitCommitV1, files: readonly GitFileChange[]): HistoryCommitRecord {
  const pullRequest = findPullRequest(commit.message);
  return {
    schemaVersion: 1,
    id: commit.sha,
    parents: [...commit.parents],
    committedAt: commit.committer.date,
    authoredAt: commit.author.date,
    author: { name: commit.author.name, email: commit.author.email },
    subject: commit.message.split('\n', 1)[0] ?? '',
    pullRequest,
    issues: findIssueReferences(commit.message, pullRequest ? { exclude: pullRequest.number } : {}),
    files: files.map(
      (file): HistoryFileChange => ({
        status: file.status,
        path: file.path,
        ...(file.oldPath === undefined ? {} : { oldPath: file.oldPath }),
        ...(file.similarity === undefined ? {} : { similarity: file.similarity }),
        added: file.added,
        removed: file.removed,
      }),
    ),
  };
}

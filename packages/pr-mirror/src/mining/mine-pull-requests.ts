import type { GitReaderV1, HistoryFileChange, IssueReference } from '@swespot/core';
import { readHistory } from '@swespot/repo-sandbox';
import { DEFAULT_SOURCE_EXTENSIONS, isSourcePath, isTestPath } from './classify-path';

/** A changed file of a mined pull request, with its role. */
export interface MinedFileChange extends HistoryFileChange {
  /** `source`: code a bug may change; `test`: a test file; `other`: docs, configuration, data. */
  readonly role: 'source' | 'test' | 'other';
  /** Where the file is in the snapshot when a later commit renamed it (e.g. `click/core.py` → `src/click/core.py`). */
  readonly currentPath?: string;
}

/** One merged pull request (merge commit or squash merge) on the first-parent history. */
export interface MinedPullRequest {
  readonly number: number;
  /** How the pull request was recognised. */
  readonly via: 'merge-commit' | 'squash-subject';
  /** The first-parent commit that merged it, and that commit's first parent (the PR's diff is parent → commit). */
  readonly commit: string;
  readonly parent: string;
  readonly mergedAt: string;
  /** The title: the merge commit's message body's first line, or the squash subject without `(#N)`. */
  readonly title: string;
  /** The whole commit message. */
  readonly message: string;
  /** Issues the message refers to (closing ones have `closing: true`). */
  readonly issues: readonly IssueReference[];
  readonly files: readonly MinedFileChange[];
  /** Pull request body and linked issue text, when enriched from the GitHub API. */
  readonly body?: string;
  readonly issueTexts?: readonly { readonly number: number; readonly title: string; readonly body: string }[];
}

/** Options of {@link minePullRequests}. */
export interface MinePullRequestsOptions {
  /** Reads the repository: a snapshot at the cutoff (the temporal protocol). */
  readonly reader: GitReaderV1;
  /** Only pull requests merged at or before this time. Default: no limit (the snapshot ends at its cutoff anyway). */
  readonly until?: string | Date;
  /** Source extensions (see {@link isSourcePath}). Default: {@link DEFAULT_SOURCE_EXTENSIONS}. */
  readonly sourceExtensions?: readonly string[];
  /** Called once per first-parent commit read. */
  readonly onCommit?: (count: number) => void;
  readonly abortSignal?: AbortSignal;
}

/** What {@link minePullRequests} found. */
export interface MinedHistory {
  readonly pullRequests: MinedPullRequest[];
  /** First-parent commits read, and those that came from no pull request. */
  readonly commits: number;
  readonly commitsWithoutPullRequest: number;
}

function titleOf(message: string, via: MinedPullRequest['via']): string {
  const lines = message.split('\n');
  if (via === 'squash-subject') return (lines[0] ?? '').replace(/\s*\(#\d+\)\s*$/, '').trim();
  const body = lines.slice(1).find((line) => line.trim() !== '');
  return (body ?? lines[0] ?? '').trim();
}

/**
 * Every merged pull request on the first-parent history of a snapshot (a GitHub merge
 * commit or a squash merge ending in `(#N)`), newest first, with its title, message, linked
 * issues and changed files, each file classified as source, test or other. The diff itself
 * is read later, for the pull requests a selection keeps (`reader.diffPatch(parent, commit)`).
 */
export async function minePullRequests(options: MinePullRequestsOptions): Promise<MinedHistory> {
  const extensions = options.sourceExtensions ?? DEFAULT_SOURCE_EXTENSIONS;
  const pullRequests: MinedPullRequest[] = [];
  let commits = 0;
  let withoutPullRequest = 0;
  const seen = new Set<number>();
  const renames: { from: string; to: string; at: string }[] = [];
  for await (const record of readHistory({
    reader: options.reader,
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  })) {
    commits++;
    options.onCommit?.(commits);
    for (const file of record.files) if (file.status === 'R' && file.oldPath !== undefined) renames.push({ from: file.oldPath, to: file.path, at: record.committedAt });
    const parent = record.parents[0];
    if (record.pullRequest === null || parent === undefined || seen.has(record.pullRequest.number)) {
      if (record.pullRequest === null) withoutPullRequest++;
      continue;
    }
    seen.add(record.pullRequest.number);
    const commit = await options.reader.readCommit(record.id, options.abortSignal ? { abortSignal: options.abortSignal } : undefined);
    pullRequests.push({
      number: record.pullRequest.number,
      via: record.pullRequest.via,
      commit: record.id,
      parent,
      mergedAt: record.committedAt,
      title: titleOf(commit.message, record.pullRequest.via),
      message: commit.message,
      // A PR referring to itself is not a linked issue.
      issues: record.issues.filter((issue) => issue.number !== record.pullRequest?.number),
      files: record.files.map((file) => ({ ...file, role: isTestPath(file.path) ? 'test' : isSourcePath(file.path, extensions) ? 'source' : 'other' })),
    });
  }
  // Follow each file through the renames after its PR, oldest first, to where the snapshot has it.
  renames.sort((left, right) => left.at.localeCompare(right.at));
  const followed = pullRequests.map((pullRequest) => {
    const later = renames.filter((rename) => rename.at > pullRequest.mergedAt);
    if (later.length === 0) return pullRequest;
    return {
      ...pullRequest,
      files: pullRequest.files.map((file) => {
        let path = file.path;
        for (const rename of later) if (rename.from === path) path = rename.to;
        return path === file.path ? file : { ...file, currentPath: path };
      }),
    };
  });
  return { pullRequests: followed, commits, commitsWithoutPullRequest: withoutPullRequest };
}

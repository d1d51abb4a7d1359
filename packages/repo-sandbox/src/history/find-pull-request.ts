import type { PullRequestLink } from '@swespot/core';

const MERGE_COMMIT = /^Merge pull request #(\d+) from \S/;
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;

/**
 * The pull request a commit came from, read from its message: a GitHub merge commit
 * (`Merge pull request #12 from owner/branch`) or a squash or rebase merge whose subject
 * ends in `(#12)`. Returns `null` for a plain commit.
 */
export function findPullRequest(message: string): PullRequestLink | null {
  const subject = message.split('\n', 1)[0] ?? '';
  const merge = MERGE_COMMIT.exec(subject);
  if (merge) return { number: Number(merge[1]), via: 'merge-commit' };
  const squash = SQUASH_SUBJECT.exec(subject);
  if (squash) return { number: Number(squash[1]), via: 'squash-subject' };
  return null;
}

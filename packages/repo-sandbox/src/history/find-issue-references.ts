import type { IssueReference } from '@swespot/core';

/** The closing keywords GitHub recognises (any case), each followed by an optional colon. */
export const CLOSING_KEYWORDS = ['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved'] as const;

const REFERENCE = /(?:\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+)?(?<![\w/#])#(\d+)\b/gi;

/** Options of {@link findIssueReferences}. */
export interface FindIssueReferencesOptions {
  /** A number to leave out, e.g. the pull request's own number in its merge commit. */
  readonly exclude?: number;
}

/**
 * The same-repository issue references in a commit message, in order of first mention:
 * `fixes #12` and the other closing keywords (`close`, `closes`, `closed`, `fix`,
 * `fixes`, `fixed`, `resolve`, `resolves`, `resolved`, any case, optional colon) give
 * `closing: true`; a bare `#12` gives `closing: false`. A number mentioned both ways is
 * closing. References into other repositories (`owner/repo#9`) and `#12` inside a word
 * are left out.
 */
export function findIssueReferences(message: string, options: FindIssueReferencesOptions = {}): IssueReference[] {
  const found = new Map<number, IssueReference>();
  for (const match of message.matchAll(REFERENCE)) {
    const number = Number(match[2]);
    if (number === 0 || number === options.exclude) continue;
    const keyword = match[1]?.toLowerCase();
    const previous = found.get(number);
    if (keyword && !previous?.closing) found.set(number, { number, closing: true, keyword });
    else if (!previous) found.set(number, { number, closing: false });
  }
  return [...found.values()];
}

import { describe, expect, it } from 'vitest';
import { findIssueReferences } from './find-issue-references';
import { findPullRequest } from './find-pull-request';

describe('findPullRequest', () => {
  it('reads GitHub merge commits, squash subjects and plain commits', () => {
    expect(findPullRequest('Merge pull request #1234 from octo/fix-parser\n\nFix the parser')).toEqual({ number: 1234, via: 'merge-commit' });
    expect(findPullRequest('Fix the parser (#981)\n\n* wip\n* more')).toEqual({ number: 981, via: 'squash-subject' });
    expect(findPullRequest('Fix the parser (#981) ')).toEqual({ number: 981, via: 'squash-subject' });
    expect(findPullRequest('Fix the parser\n\nSee (#981)')).toBeNull();
    expect(findPullRequest('Merge branch main into feature')).toBeNull();
    expect(findPullRequest('Revert "Merge pull request #12"')).toBeNull();
  });
});

describe('findIssueReferences', () => {
  it('finds closing keywords in every form and plain mentions, in order, without duplicates', () => {
    const message = 'Fix crash (#34)\n\nFixes #7, closes #8 and resolves owner/repo#9.\nRESOLVED: #10, close #11, see #12 and #7 again; fixed  #13';
    expect(findIssueReferences(message, { exclude: 34 })).toEqual([
      { number: 7, closing: true, keyword: 'fixes' },
      { number: 8, closing: true, keyword: 'closes' },
      { number: 10, closing: true, keyword: 'resolved' },
      { number: 11, closing: true, keyword: 'close' },
      { number: 12, closing: false },
      { number: 13, closing: true, keyword: 'fixed' },
    ]);
  });

  it('upgrades an earlier mention to closing and ignores refs inside words', () => {
    expect(findIssueReferences('Relates to #5. Closes #5')).toEqual([{ number: 5, closing: true, keyword: 'closes' }]);
    expect(findIssueReferences('color#123 and a#1 and issue#2')).toEqual([]);
    expect(findIssueReferences('prefix fixes#3')).toEqual([]);
  });
});

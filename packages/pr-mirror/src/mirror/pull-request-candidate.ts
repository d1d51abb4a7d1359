import type { MinedPullRequest } from '../mining/mine-pull-requests';
import type { CandidateTestFile } from '../tests-finding/find-candidate-tests';
import type { BugCandidate } from '../validate/bug-candidate';
import type { MirroredBug } from './mirror-pull-request';

/** Options of {@link pullRequestCandidate}. */
export interface PullRequestCandidateOptions {
  /** The repository as owner/name. */
  readonly repo: string;
  readonly snapshot: { readonly commit: string; readonly cutoff: string };
  readonly pullRequest: MinedPullRequest;
  readonly bug: MirroredBug;
  readonly tests: readonly CandidateTestFile[];
  readonly seed?: number;
}

/** The instance id of a PR mirror: `owner__name.pr-mirror.N`. */
export function pullRequestInstanceId(repo: string, prNumber: number): string {
  return `${repo.replace('/', '__')}.pr-mirror.${prNumber}`;
}

/** The {@link BugCandidate} of a mirrored pull request, ready for the validator. */
export function pullRequestCandidate(options: PullRequestCandidateOptions): BugCandidate {
  const { pullRequest, bug } = options;
  return {
    id: pullRequestInstanceId(options.repo, pullRequest.number),
    repo: options.repo,
    snapshot: options.snapshot,
    bugPatch: bug.bugPatch,
    testFiles: options.tests.map((test) => test.path),
    testReasons: Object.fromEntries(options.tests.map((test) => [test.path, test.reason])),
    origin: { type: 'pr-mirror', prNumber: pullRequest.number, direct: bug.direct },
    seed: options.seed ?? 0,
    context: {
      prNumber: pullRequest.number,
      title: pullRequest.title,
      body: pullRequest.body ?? pullRequest.message,
      linkedIssues: pullRequest.issues.map((issue) => ({ number: issue.number })),
      ...(pullRequest.issueTexts ? { issueTexts: pullRequest.issueTexts } : {}),
      ...(bug.prTestPatch ? { prTestPatch: bug.prTestPatch } : {}),
      createdAt: pullRequest.mergedAt,
    },
    metadata: { mirror: { files: bug.files.map((file) => ({ ...file })), mergeCommit: pullRequest.commit } },
  };
}

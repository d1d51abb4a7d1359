import { createRandom, selectShard, type ModelV1, type ShardSpec } from '@swespot/core';
import { openGitReader } from '@swespot/repo-sandbox';
import { minePullRequests, type MinedPullRequest } from '../mining/mine-pull-requests';
import { selectPullRequests, type SelectionFilter, type SelectionSettings } from '../mining/select-pull-requests';
import { findCandidateTests, type TestsForSource } from '../tests-finding/find-candidate-tests';
import type { BugCandidate } from '../validate/bug-candidate';
import { mirrorPullRequest } from './mirror-pull-request';
import { pullRequestCandidate, pullRequestInstanceId } from './pull-request-candidate';

/** Counts of each stage of {@link prepareMirrorCandidates}, for the funnel a command prints. */
export interface MirrorFunnel {
  /** First-parent commits read, those from no pull request, and pull requests mined. */
  readonly commits: number;
  readonly commitsWithoutPullRequest: number;
  readonly mined: number;
  /** PRs each selection filter removed, and those kept. */
  readonly removedBy: Record<SelectionFilter, number>;
  readonly kept: number;
  /** PRs sampled (after `limit`), over all shards. */
  readonly sampled: number;
  /**
   * With {@link PrepareMirrorCandidatesOptions.shard}: which shard ran and how many of the
   * `sampled` PRs fell into it; the counts after `sampled` (mirrored, failures, without
   * tests) are then for this shard only. Absent when unsharded.
   */
  readonly shard?: { readonly index: number; readonly count: number; readonly selected: number };
  readonly mirroredDirectly: number;
  readonly mirroredByModel: number;
  readonly mirrorFailed: number;
  /** Why mirroring failed, per PR. */
  readonly failures: readonly { readonly prNumber: number; readonly reason: string }[];
  /** Mirrored bugs without any candidate test (not validated). */
  readonly withoutTests: number;
}

/** Options of {@link prepareMirrorCandidates}. */
export interface PrepareMirrorCandidatesOptions {
  /** A snapshot at the cutoff with `truncated` history (it must hold the PRs' commits). */
  readonly snapshotDirectory: string;
  /** The repository as owner/name. */
  readonly repo: string;
  /** The knowledge cutoff (ISO date or time). */
  readonly cutoff: string;
  /** Selection filters. Default: the relaxed preset. */
  readonly settings?: Partial<SelectionSettings>;
  /** Undoes PRs the 3-way merge cannot. Default: none. */
  readonly model?: ModelV1;
  /** Mirror only this many kept PRs, sampled with `seed`. Default: all. */
  readonly limit?: number;
  readonly seed?: number;
  /** A code index of the snapshot, to find tests importing changed modules. */
  readonly index?: TestsForSource;
  /** Most test files per bug. Default: 8. */
  readonly maxTestFiles?: number;
  /**
   * Prepare only this shard of the sampled PRs (`swespot mirror --shard I/N`): those whose
   * instance id (`owner__name.pr-mirror.N`, the `id` of the bugfix TaskInstance written for
   * it) hashes to the shard (core's `selectShard`). Sharding happens after selection and
   * the `limit`/`seed` sample, and before mirroring, test finding and validation, so the N
   * shards of one sample split it exactly: their union is the unsharded run. Default: all.
   */
  readonly shard?: ShardSpec;
  /** Adds what the history lacks to the mined PRs before selection (e.g. {@link enrichPullRequests} from GitHub). Default: none. */
  readonly enrich?: (pullRequests: readonly MinedPullRequest[]) => Promise<MinedPullRequest[]>;
  readonly onProgress?: (progress: { readonly stage: 'mine' | 'mirror'; readonly done: number; readonly total: number }) => void;
  readonly abortSignal?: AbortSignal;
}

/**
 * From a snapshot to bug candidates: mines the merged PRs (optionally enriched, see
 * `enrichPullRequests`), selects them, samples `limit` for the seed, keeps the given
 * `shard` of the sample, mirrors each (3-way merge, else the model), and finds its tests.
 * The candidates go to `validateBugCandidates`.
 */
export async function prepareMirrorCandidates(options: PrepareMirrorCandidatesOptions): Promise<{ candidates: BugCandidate[]; funnel: MirrorFunnel; snapshotCommit: string }> {
  const reader = await openGitReader({ directory: options.snapshotDirectory });
  try {
    const signal = options.abortSignal ? { abortSignal: options.abortSignal } : {};
    const snapshotCommit = await reader.resolveRef('HEAD');
    const mined = await minePullRequests({ reader, until: options.cutoff, onCommit: (done) => options.onProgress?.({ stage: 'mine', done, total: 0 }), ...signal });
    const pullRequests = options.enrich === undefined ? mined.pullRequests : await options.enrich(mined.pullRequests);
    const selection = await selectPullRequests({ pullRequests, reader, snapshotCommit, ...(options.settings ? { settings: options.settings } : {}), ...signal });
    let sampled = selection.kept;
    if (options.limit !== undefined && options.limit < sampled.length) {
      sampled = createRandom(options.seed ?? 0).sample(sampled, options.limit).sort((left, right) => right.number - left.number);
    }
    const chosen = selectShard(sampled, options.shard, (pullRequest) => pullRequestInstanceId(options.repo, pullRequest.number));
    const snapshotFiles = (await reader.listTree(snapshotCommit, { recursive: true })).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
    const candidates: BugCandidate[] = [];
    const failures: { prNumber: number; reason: string }[] = [];
    let direct = 0;
    let byModel = 0;
    let withoutTests = 0;
    let done = 0;
    for (const pullRequest of chosen) {
      options.abortSignal?.throwIfAborted();
      const outcome = await mirrorPullRequest({ pullRequest, reader, snapshotCommit, ...(options.model ? { model: options.model } : {}), ...signal });
      options.onProgress?.({ stage: 'mirror', done: ++done, total: chosen.length });
      if (outcome.status === 'failed') {
        failures.push({ prNumber: outcome.prNumber, reason: outcome.reason });
        continue;
      }
      if (outcome.bug.direct) direct++;
      else byModel++;
      const tests = findCandidateTests({
        changedFiles: outcome.bug.files.filter((file) => file.method !== 'unchanged').map((file) => file.path),
        prTestFiles: pullRequest.files.filter((file) => file.role === 'test').map((file) => file.currentPath ?? file.path),
        snapshotFiles,
        ...(options.index ? { index: options.index } : {}),
        ...(options.maxTestFiles === undefined ? {} : { maxFiles: options.maxTestFiles }),
      });
      if (tests.length === 0) {
        withoutTests++;
        continue;
      }
      candidates.push(pullRequestCandidate({ repo: options.repo, snapshot: { commit: snapshotCommit, cutoff: new Date(options.cutoff).toISOString() }, pullRequest, bug: outcome.bug, tests, seed: options.seed ?? 0 }));
    }
    return {
      candidates,
      snapshotCommit,
      funnel: {
        commits: mined.commits,
        commitsWithoutPullRequest: mined.commitsWithoutPullRequest,
        mined: mined.pullRequests.length,
        removedBy: selection.removedBy,
        kept: selection.kept.length,
        sampled: sampled.length,
        ...(options.shard === undefined ? {} : { shard: { index: options.shard.index, count: options.shard.count, selected: chosen.length } }),
        mirroredDirectly: direct,
        mirroredByModel: byModel,
        mirrorFailed: failures.length,
        failures,
        withoutTests,
      },
    };
  } finally {
    reader.close();
  }
}

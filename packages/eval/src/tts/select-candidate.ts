import { InvalidArgumentError, type VerifierV1, type VerifierV1Candidate, type VerifierV1Result, type VerifierV1Task } from '@swespot/core';
import pLimit from 'p-limit';
import { patchOfCandidate } from './render-verifier-prompt';

/** One candidate with its score, as {@link pickHighestScore} ranks them. */
export interface ScoredCandidate {
  readonly id: string;
  /** The final patch (compared after trimming white space at both ends). */
  readonly patch: string;
  /** The verifier's score in [0, 1]. */
  readonly score: number;
}

function patchKey(patch: string): string {
  return patch.trim();
}

/**
 * Ranks scored candidates, best first, deterministically: the highest score; on a tie the
 * patch that most candidates (of all given) produced, then the shortest patch, then the
 * smallest id. Returns a new array.
 */
export function rankCandidates<Candidate extends ScoredCandidate>(candidates: readonly Candidate[]): Candidate[] {
  const counts = new Map<string, number>();
  for (const candidate of candidates) counts.set(patchKey(candidate.patch), (counts.get(patchKey(candidate.patch)) ?? 0) + 1);
  return [...candidates].sort(
    (left, right) =>
      right.score - left.score ||
      counts.get(patchKey(right.patch))! - counts.get(patchKey(left.patch))! ||
      patchKey(left.patch).length - patchKey(right.patch).length ||
      (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
}

/** When every candidate was dropped: the non-empty patches if there are any (an empty one cannot resolve anything), else all. */
export function fallbackPool<Candidate extends ScoredCandidate>(candidates: readonly Candidate[]): readonly Candidate[] {
  const nonEmpty = candidates.filter((candidate) => patchKey(candidate.patch) !== '');
  return nonEmpty.length > 0 ? nonEmpty : candidates;
}

/** The candidate {@link rankCandidates} puts first; `undefined` for none. */
export function pickHighestScore<Candidate extends ScoredCandidate>(candidates: readonly Candidate[]): Candidate | undefined {
  return rankCandidates(candidates)[0];
}

/**
 * Decides whether a candidate's patch keeps the repository's existing tests passing, e.g. by
 * applying it in the instance's environment and running the tests that passed before
 * (PASS_TO_PASS). `true` keeps it. Runs before the verifier; give one only when an
 * environment is available.
 */
export type ExistingTestsCheck = (options: { task: VerifierV1Task; candidate: VerifierV1Candidate; patch: string; abortSignal?: AbortSignal }) => Promise<boolean>;

/** Why a candidate was left out before the verifier. */
export type CandidateDropReason = 'empty-patch' | 'breaks-existing-tests';

/** Options of {@link selectCandidate}. */
export interface SelectCandidateOptions {
  readonly task: VerifierV1Task;
  /** The K rollouts of the task. */
  readonly candidates: readonly VerifierV1Candidate[];
  readonly verifier: VerifierV1;
  /** Leave out candidates whose patch is empty (white space only) before the verifier. Default: true. */
  readonly dropEmptyPatches?: boolean;
  /** Leave out candidates this check refuses (see {@link ExistingTestsCheck}). Default: none. */
  readonly checkExistingTests?: ExistingTestsCheck;
  /** Verifications at once. Default: 4. */
  readonly concurrency?: number;
  /** Verdicts already known by candidate id (a resumed run): those candidates are neither filtered nor verified again. */
  readonly known?: ReadonlyMap<string, { readonly score: number } | { readonly dropped: CandidateDropReason }>;
  /** Called with each verdict this call computes (not the `known` ones), e.g. to write it down at once. */
  readonly onVerdict?: (verdict: CandidateVerdict) => void | Promise<void>;
  readonly abortSignal?: AbortSignal;
}

/** One candidate's fate in {@link selectCandidate}. */
export interface CandidateVerdict {
  readonly id: string;
  readonly patch: string;
  /** Set when a filter left it out (then it has no score). */
  readonly dropped?: CandidateDropReason;
  /** The verifier's score; absent when dropped. */
  readonly score?: number;
  /** The verifier's full result, when it was verified by this call. */
  readonly result?: VerifierV1Result;
}

/** What {@link selectCandidate} chose. */
export interface CandidateSelection {
  /** The chosen candidate's id; `undefined` when there were no candidates. */
  readonly selectedId: string | undefined;
  /** Every candidate, in the order given. */
  readonly verdicts: readonly CandidateVerdict[];
  /** True when the filters left nothing, so the choice was made by the tie-break rule alone (see {@link fallbackPool}). */
  readonly fellBack: boolean;
}

/**
 * Test-time scaling's choice among the K rollouts of one task (SWE-Lego): optional filters
 * first (empty patches; patches that break existing tests), then the verifier scores the
 * rest and the highest score wins, ties broken by {@link rankCandidates}. When the filters
 * leave nothing, the choice falls back to the tie-break rule alone over the non-empty
 * patches (all candidates if every patch is empty).
 */
export async function selectCandidate(options: SelectCandidateOptions): Promise<CandidateSelection> {
  const { task, verifier } = options;
  const ids = new Set<string>();
  for (const candidate of options.candidates) {
    if (ids.has(candidate.id)) {
      throw new InvalidArgumentError({ argument: 'candidates', message: `candidates: id ${candidate.id} appears twice for task ${task.id}; candidate ids must be unique per task.` });
    }
    ids.add(candidate.id);
  }
  const signal = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const limit = pLimit(options.concurrency ?? 4);
  const verdicts = await Promise.all(
    options.candidates.map((candidate) =>
      limit(async (): Promise<CandidateVerdict> => {
        options.abortSignal?.throwIfAborted();
        const patch = patchOfCandidate(candidate);
        const known = options.known?.get(candidate.id);
        if (known !== undefined) return { id: candidate.id, patch, ...known };
        let verdict: CandidateVerdict;
        if ((options.dropEmptyPatches ?? true) && patch.trim() === '') verdict = { id: candidate.id, patch, dropped: 'empty-patch' };
        else if (options.checkExistingTests && !(await options.checkExistingTests({ task, candidate, patch, ...signal }))) {
          verdict = { id: candidate.id, patch, dropped: 'breaks-existing-tests' };
        } else {
          const result = await verifier.verify({ task, candidate, ...signal });
          verdict = { id: candidate.id, patch, score: result.score, result };
        }
        await options.onVerdict?.(verdict);
        return verdict;
      }),
    ),
  );
  const kept = verdicts.filter((verdict) => verdict.score !== undefined).map((verdict) => ({ id: verdict.id, patch: verdict.patch, score: verdict.score! }));
  const fellBack = kept.length === 0 && verdicts.length > 0;
  const pool = fellBack ? fallbackPool(verdicts.map((verdict) => ({ id: verdict.id, patch: verdict.patch, score: 0 }))) : kept;
  return { selectedId: pickHighestScore(pool)?.id, verdicts, fellBack };
}

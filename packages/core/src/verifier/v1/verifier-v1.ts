import type { ModelV1Usage, ModelV1Warning } from '../../model/v1/model-v1-result';
import type { Trajectory } from '../../schemas/trajectory';

/** What a verifier is told about the task a candidate worked on. */
export interface VerifierV1Task {
  /** The task (SWE-bench instance) id. */
  readonly id: string;
  /** The issue text the agent was given. */
  readonly problemStatement: string;
  /** The repository, e.g. `pallets/click`, when known. */
  readonly repository?: string;
}

/** One candidate solution: an agent run on the task and what it handed in. */
export interface VerifierV1Candidate {
  /** The candidate's id, unique among the candidates of one task (usually the trajectory id). */
  readonly id: string;
  /** The agent run, as recorded. */
  readonly trajectory: Trajectory;
  /** The final patch. Default: the trajectory's submitted diff (empty when it submitted none). */
  readonly patch?: string;
}

/** The input of one {@link VerifierV1.verify} call. */
export interface VerifierV1CallOptions {
  readonly task: VerifierV1Task;
  readonly candidate: VerifierV1Candidate;
  /** Cancels the call; the promise rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

/**
 * How a score was obtained.
 * - `logprobs`: the probability of YES read from the answer token's log-probabilities,
 *   normalised over YES and NO.
 * - `sampling`: the share of YES among the sampled answers that said YES or NO.
 * - `other`: any other way (a regression head, a rule, a test fake).
 */
export type VerifierV1Method = 'logprobs' | 'sampling' | 'other';

/** The result of one {@link VerifierV1.verify} call. */
export interface VerifierV1Result {
  /** How likely the candidate resolves the task, in [0, 1]. Higher is better; selection ranks by it. */
  readonly score: number;
  /** `yes` when `score` is at least 0.5. */
  readonly verdict: 'yes' | 'no';
  readonly method: VerifierV1Method;
  /** Model calls made for this score (1 with log-probabilities, n when sampling). */
  readonly calls: number;
  /** With `sampling`: answers that said YES and answers that said YES or NO (unparsable ones are not counted). */
  readonly votes?: { readonly yes: number; readonly valid: number };
  /** Token usage summed over the calls (`undefined` fields when the provider did not report them). */
  readonly usage: ModelV1Usage;
  /** Cost in US dollars summed over the calls; `undefined` when the model is not priced. */
  readonly costUsd?: number;
  /** Warnings of the model calls, without duplicates. */
  readonly warnings: readonly ModelV1Warning[];
}

/**
 * Version 1 of the verifier contract: judges whether one candidate (an agent's trajectory and
 * its final patch) resolves a task, as a score in [0, 1]. Test-time scaling rolls out K
 * candidates per task and keeps the one with the highest score (SWE-Lego, section 4).
 *
 * Implemented by `createGenerativeVerifier` in `@swespot/eval` over any `ModelV1`.
 *
 * @example
 * ```ts
 * const { score, verdict } = await verifier.verify({
 *   task: { id: 'pallets__click-2933', problemStatement: issueText },
 *   candidate: { id: trajectory.id, trajectory },
 * });
 * ```
 */
export interface VerifierV1 {
  /** The contract version; a breaking change adds `VerifierV2` beside this one. */
  readonly specificationVersion: 'v1';
  /** Who judges, e.g. `generative:vllm:Qwen/Qwen3-8B`; recorded beside the scores. */
  readonly verifierId: string;
  /** Scores one candidate. Rejects when the underlying model call fails (e.g. `ApiCallError`). */
  verify(options: VerifierV1CallOptions): PromiseLike<VerifierV1Result>;
}

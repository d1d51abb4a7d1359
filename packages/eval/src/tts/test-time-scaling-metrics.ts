import { InvalidArgumentError } from '@swespot/core';
import { fallbackPool, pickHighestScore } from './select-candidate';

/** One graded rollout of one instance, with the verifier's score (absent when a filter dropped it). */
export interface GradedCandidate {
  readonly id: string;
  /** Position among the instance's rollouts, 0-based (run order). */
  readonly run: number;
  readonly patch: string;
  /** Whether grading found it resolved. */
  readonly resolved: boolean;
  /** The verifier's score; absent when the candidate was dropped before the verifier. */
  readonly score?: number;
}

/** The graded rollouts of one instance. */
export interface GradedInstance {
  readonly taskId: string;
  readonly candidates: readonly GradedCandidate[];
}

/** One row of the test-time scaling table. */
export interface TestTimeScalingRow {
  /** Rollouts per instance the row selects among. */
  readonly k: number;
  /** Mean resolve rate of single rollouts over all K rollouts (the same on every row; the baseline). */
  readonly passAt1: number;
  /** Verifier-selected resolve rate with k rollouts (TTS@k). */
  readonly ttsAtK: number;
  /** Share resolved by at least one of k rollouts (oracle pass@k, the ceiling of any selector). */
  readonly oracleAtK: number;
}

/** The verifier judged against the graded outcomes (candidates it scored). */
export interface VerifierAgreement {
  /** Score at or above which the verifier counts as saying YES. */
  readonly threshold: number;
  /** Candidates scored (dropped ones are not). */
  readonly scored: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** (TP + TN) / scored; `null` when nothing was scored. */
  readonly accuracy: number | null;
  /** TP / (TP + FP); `null` when it never said YES. */
  readonly precision: number | null;
  /** TP / (TP + FN); `null` when nothing was resolved. */
  readonly recall: number | null;
}

/** What {@link testTimeScalingMetrics} computes. */
export interface TestTimeScalingMetrics {
  /** K: rollouts per instance. */
  readonly rollouts: number;
  readonly instances: number;
  /** One row per k in 1, 2, 4, ... up to K (and K itself). */
  readonly rows: readonly TestTimeScalingRow[];
  readonly verifier: VerifierAgreement;
}

/** The k of the table: powers of two below K, then K. */
export function scalingSteps(rollouts: number): number[] {
  const steps: number[] = [];
  for (let k = 1; k < rollouts; k *= 2) steps.push(k);
  steps.push(rollouts);
  return steps;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * The test-time scaling table (SWE-Lego): for each k in 1, 2, 4, ..., K, pass@1 (mean over
 * all rollouts), TTS@k (the resolve rate of the rollout the verifier selects among k) and
 * oracle pass@k (any of k resolved), plus the verifier's accuracy, precision and recall
 * against the grades.
 *
 * With fewer than K rollouts per k, each instance's K rollouts (in run order) are cut into
 * ⌊K / k⌋ consecutive groups of k and TTS@k and oracle@k are averaged over the groups, so
 * every rollout counts and TTS@1 equals pass@1. A group's choice follows `selectCandidate`:
 * highest score, then the most common patch in the group, the shortest, the smallest id;
 * candidates dropped by a filter are chosen only when the whole group was dropped (then
 * among the non-empty patches, as `fallbackPool`). A rollout
 * missing from an instance (a failed run) counts as dropped and unresolved.
 *
 * @throws {InvalidArgumentError} when `rollouts` is not a whole number of at least 1, or a
 *   candidate's `run` is outside 0..K-1 or repeated.
 */
export function testTimeScalingMetrics(options: {
  readonly instances: readonly GradedInstance[];
  /** K. Default: the most rollouts any instance has. */
  readonly rollouts?: number;
  /** Verifier YES threshold for the agreement figures. Default: 0.5. */
  readonly threshold?: number;
}): TestTimeScalingMetrics {
  const rollouts = options.rollouts ?? Math.max(1, ...options.instances.map((instance) => instance.candidates.length));
  if (!Number.isInteger(rollouts) || rollouts < 1) {
    throw new InvalidArgumentError({ argument: 'rollouts', message: `rollouts: expected a whole number of at least 1, got ${rollouts}.` });
  }
  const threshold = options.threshold ?? 0.5;
  const slotsPerInstance = options.instances.map((instance) => {
    const slots: (GradedCandidate | undefined)[] = Array.from({ length: rollouts }, () => undefined);
    for (const candidate of instance.candidates) {
      if (!Number.isInteger(candidate.run) || candidate.run < 0 || candidate.run >= rollouts) {
        throw new InvalidArgumentError({ argument: 'instances', message: `instances: candidate ${candidate.id} of ${instance.taskId} has run ${candidate.run}, outside 0..${rollouts - 1}.` });
      }
      if (slots[candidate.run] !== undefined) {
        throw new InvalidArgumentError({ argument: 'instances', message: `instances: ${instance.taskId} has two candidates for run ${candidate.run} (${slots[candidate.run]!.id}, ${candidate.id}).` });
      }
      slots[candidate.run] = candidate;
    }
    return slots;
  });

  const resolvedOf = (slot: GradedCandidate | undefined) => slot?.resolved === true;
  const passAt1 = mean(slotsPerInstance.map((slots) => mean(slots.map((slot) => (resolvedOf(slot) ? 1 : 0)))));
  const rows = scalingSteps(rollouts).map((k): TestTimeScalingRow => {
    const perInstance = slotsPerInstance.map((slots) => {
      const tts: number[] = [];
      const oracle: number[] = [];
      for (let start = 0; start + k <= rollouts; start += k) {
        const group = slots.slice(start, start + k).filter((slot): slot is GradedCandidate => slot !== undefined);
        const scored = group.filter((slot) => slot.score !== undefined).map((slot) => ({ ...slot, score: slot.score! }));
        const pool = scored.length > 0 ? scored : fallbackPool(group.map((slot) => ({ ...slot, score: 0 })));
        tts.push(resolvedOf(pickHighestScore(pool)) ? 1 : 0);
        oracle.push(group.some(resolvedOf) ? 1 : 0);
      }
      return { tts: mean(tts), oracle: mean(oracle) };
    });
    return { k, passAt1, ttsAtK: mean(perInstance.map((item) => item.tts)), oracleAtK: mean(perInstance.map((item) => item.oracle)) };
  });

  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (const instance of options.instances) {
    for (const candidate of instance.candidates) {
      if (candidate.score === undefined) continue;
      const yes = candidate.score >= threshold;
      if (yes && candidate.resolved) truePositives++;
      else if (yes) falsePositives++;
      else if (candidate.resolved) falseNegatives++;
      else trueNegatives++;
    }
  }
  const scored = truePositives + falsePositives + trueNegatives + falseNegatives;
  return {
    rollouts,
    instances: options.instances.length,
    rows,
    verifier: {
      threshold,
      scored,
      truePositives,
      falsePositives,
      trueNegatives,
      falseNegatives,
      accuracy: ratio(truePositives + trueNegatives, scored),
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, truePositives + falseNegatives),
    },
  };
}

import type { ModelV1CallOptions, ModelV1Result, VerifierV1Candidate } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { describe, expect, it } from 'vitest';
import { calcDiff, rolloutTrajectory } from '../test/rollout-trajectory';
import { createGenerativeVerifier } from './create-generative-verifier';
import { rankCandidates, selectCandidate } from './select-candidate';
import { testTimeScalingMetrics, type GradedInstance } from './test-time-scaling-metrics';

const task = { id: 'calc__calc-7', repository: 'acme/calc', problemStatement: 'add(2, 3) returns -1 instead of 5.' };

/** K = 4 rollouts of one task: run 2 is the only one that resolves it; run 3 handed in nothing. */
const patches = [calcDiff('    return a * b'), calcDiff('    return b - a'), calcDiff('    return a + b'), undefined];
const resolvedRuns = new Set([2]);
const candidates: VerifierV1Candidate[] = patches.map((diff, run) => {
  const id = `${task.id}__run-${run}`;
  return {
    id,
    trajectory: rolloutTrajectory({ id, taskId: task.id, ...(diff === undefined ? {} : { diff }), steps: [{ action: 'python -m pytest -q', observation: `${run} passed` }] }),
  };
});

/** A judging model that answers with log-probabilities: P(YES) = 0.9 for a patch containing `preferred`, 0.2 otherwise. */
function judge(preferred: string): MockModelV1 {
  return new MockModelV1({
    repeatLast: true,
    replies: [
      (options: ModelV1CallOptions): ModelV1Result => {
        const patch = options.messages[1]!.content.split('<final_patch>')[1]!;
        const yes = patch.includes(preferred) ? 0.9 : 0.2;
        return {
          text: yes > 0.5 ? 'YES' : 'NO',
          finishReason: 'stop',
          usage: { inputTokens: 500, outputTokens: 1 },
          warnings: [],
          logprobs: [{ token: yes > 0.5 ? 'YES' : 'NO', logprob: Math.log(Math.max(yes, 1 - yes)), topLogprobs: [{ token: 'YES', logprob: Math.log(yes) }, { token: 'NO', logprob: Math.log(1 - yes) }] }],
        };
      },
    ],
  });
}

async function runTestTimeScaling(preferred: string) {
  const model = judge(preferred);
  const selection = await selectCandidate({ task, candidates, verifier: createGenerativeVerifier({ model }) });
  const instance: GradedInstance = {
    taskId: task.id,
    candidates: selection.verdicts.map((verdict, run) => ({ id: verdict.id, run, patch: verdict.patch, resolved: resolvedRuns.has(run), ...(verdict.score === undefined ? {} : { score: verdict.score }) })),
  };
  return { selection, metrics: testTimeScalingMetrics({ instances: [instance], rollouts: 4 }), calls: model.calls.length };
}

describe('test-time scaling with K = 4, one candidate in four resolved', () => {
  it('a verifier preferring the resolving candidate: TTS@4 = 1, pass@1 = 0.25, oracle pass@4 = 1', async () => {
    const { selection, metrics, calls } = await runTestTimeScaling('a + b');

    expect(selection.selectedId).toBe('calc__calc-7__run-2');
    expect(selection.verdicts[3]).toEqual({ id: 'calc__calc-7__run-3', patch: '', dropped: 'empty-patch' });
    expect(calls).toBe(3); // the empty patch never reaches the verifier
    expect(metrics.rows).toEqual([
      { k: 1, passAt1: 0.25, ttsAtK: 0.25, oracleAtK: 0.25 },
      // groups {0,1} (none resolved) and {2,3} (run 2 resolved, run 3 dropped)
      { k: 2, passAt1: 0.25, ttsAtK: 0.5, oracleAtK: 0.5 },
      { k: 4, passAt1: 0.25, ttsAtK: 1, oracleAtK: 1 },
    ]);
    expect(metrics.verifier).toMatchObject({ scored: 3, truePositives: 1, falsePositives: 0, trueNegatives: 2, falseNegatives: 0, accuracy: 1, precision: 1, recall: 1 });
  });

  it('a verifier preferring a wrong candidate drops TTS@4 to 0', async () => {
    const { selection, metrics } = await runTestTimeScaling('a * b');

    expect(selection.selectedId).toBe('calc__calc-7__run-0');
    expect(metrics.rows.at(-1)).toEqual({ k: 4, passAt1: 0.25, ttsAtK: 0, oracleAtK: 1 });
    expect(metrics.verifier).toMatchObject({ truePositives: 0, falsePositives: 1, trueNegatives: 1, falseNegatives: 1, accuracy: 1 / 3, precision: 0, recall: 0 });
  });
});

describe('selection rules', () => {
  it('breaks ties by the most common patch, then the shortest, then the id', () => {
    const ranked = rankCandidates([
      { id: 'd', patch: 'long patch B', score: 0.5 },
      { id: 'c', patch: 'short', score: 0.5 },
      { id: 'b', patch: 'common', score: 0.5 },
      { id: 'a', patch: 'common\n', score: 0.5 },
      { id: 'e', patch: 'best', score: 0.9 },
      { id: 'f', patch: 'tiny', score: 0.5 },
    ]);
    expect(ranked.map((candidate) => candidate.id)).toEqual(['e', 'a', 'b', 'f', 'c', 'd']);
  });

  it('drops candidates the existing-tests check refuses before the verifier, and falls back when nothing is left', async () => {
    const model = judge('a * b');
    const checked: string[] = [];
    const selection = await selectCandidate({
      task,
      candidates,
      verifier: createGenerativeVerifier({ model }),
      checkExistingTests: async ({ candidate, patch }) => {
        checked.push(candidate.id);
        return !patch.includes('a * b') && !patch.includes('b - a');
      },
    });
    expect(checked.sort()).toEqual(['calc__calc-7__run-0', 'calc__calc-7__run-1', 'calc__calc-7__run-2']);
    expect(selection.verdicts.map((verdict) => verdict.dropped ?? verdict.score)).toEqual(['breaks-existing-tests', 'breaks-existing-tests', expect.closeTo(0.2, 10), 'empty-patch']);
    expect(selection.selectedId).toBe('calc__calc-7__run-2');
    expect(model.calls).toHaveLength(1);

    const nothingLeft = await selectCandidate({ task, candidates, verifier: createGenerativeVerifier({ model }), checkExistingTests: async () => false });
    expect(nothingLeft.fellBack).toBe(true);
    // the tie-break rule alone over the non-empty patches: each appears once, all as long, so the smallest id
    expect(nothingLeft.selectedId).toBe('calc__calc-7__run-0');
  });
});

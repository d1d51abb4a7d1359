import type { ModelV1, SandboxProviderV1, TaskInstance } from '@swespot/core';
import { gradeReproduction } from '@swespot/test-repro';
import { gradeResolution, type PredictionGrade } from './grade-resolution';
import { judgeAnswer } from './judge-answer';

/** Options of {@link gradePrediction}. */
export interface GradePredictionOptions {
  /** The instance, with its environment resolved. */
  readonly instance: TaskInstance;
  /** The prediction: a patch (bugfix, feature), a test patch (test-repro) or an answer (qa). */
  readonly prediction: string;
  /** Where tests run. */
  readonly sandbox: SandboxProviderV1;
  /** The LLM judge for QA answers; required when grading qa instances. */
  readonly judge?: ModelV1;
  /** Judge samples per answer. Default: 3. */
  readonly judgeSamples?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * Grades one prediction by the rule of its task:
 * - `bugfix` (SWE-bench Verified) and `feature` (FEA-Bench): {@link gradeResolution}, every
 *   FAIL_TO_PASS and PASS_TO_PASS test passes;
 * - `test-repro` (TDD-Bench): test-repro's `gradeReproduction` (fail before the fix, pass
 *   after it, coverage of the fix except for sympy), one run per side; score = tddScore;
 * - `qa` (SWE-QA): {@link judgeAnswer}; score = overall / 10, resolved null. An empty answer
 *   scores 0 without asking the judge (as SWE-QA's own scorer skips it).
 *
 * @throws {Error} for qa without a judge, and for kinds the evaluation does not grade (design, fim).
 */
export async function gradePrediction(options: GradePredictionOptions): Promise<PredictionGrade> {
  const { instance, prediction, sandbox, abortSignal } = options;
  const signal = abortSignal ? { abortSignal } : {};
  switch (instance.kind) {
    case 'bugfix':
    case 'feature':
      return gradeResolution({ instance, prediction, sandbox, ...signal });
    case 'test-repro': {
      const grade = await gradeReproduction({ task: instance, testPatch: prediction, sandbox, runsPerSide: 1, ...signal });
      return {
        resolved: grade.resolved,
        score: grade.score,
        scoreDetails: { failBefore: grade.failBefore ? 1 : 0, passAfter: grade.passAfter ? 1 : 0, ...(typeof grade.coverage?.share === "number" ? { coverage: grade.coverage.share } : {}) },
        ...(grade.resolved || grade.reasons.length === 0 ? {} : { error: grade.reasons.map((reason) => `${reason.code}: ${reason.message}`).join('; ').slice(0, 2000) }),
      };
    }
    case 'qa': {
      if (prediction.trim() === '') return { resolved: null, score: 0, scoreDetails: { validSamples: 0 } };
      if (options.judge === undefined) throw new Error(`${instance.id}: a qa answer needs a judge model (--judge PROVIDER:MODEL).`);
      const verdict = await judgeAnswer({ judge: options.judge, question: instance.question, reference: instance.referenceAnswer, candidate: prediction, samples: options.judgeSamples ?? 3, ...signal });
      if (verdict.validSamples === 0) return { resolved: null, score: 0, scoreDetails: { validSamples: 0 }, error: 'the judge gave no valid score in any sample' };
      return { resolved: null, score: verdict.overall / 10, scoreDetails: { ...verdict.criteria, overall: verdict.overall, validSamples: verdict.validSamples } };
    }
    default:
      throw new Error(`${instance.id}: ${instance.kind} tasks are not part of the evaluation (sbv, tdd, fea, qa).`);
  }
}

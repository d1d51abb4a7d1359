import type { ModelV1, ModelV1Settings } from '@swespot/core';

/** The five SWE-QA judge criteria, each scored 1–10. */
export const JUDGE_CRITERIA = ['correctness', 'completeness', 'relevance', 'clarity', 'reasoning'] as const;

/** One judge criterion. */
export type JudgeCriterion = (typeof JUDGE_CRITERIA)[number];

/** What {@link judgeAnswer} found. */
export interface JudgeVerdict {
  /** Mean per criterion over the valid samples (1–10). */
  readonly criteria: Readonly<Record<JudgeCriterion, number>>;
  /** Mean of the five criteria (1–10): SWE-Spot's `overall`; the report shows it ×10 on 0–100. */
  readonly overall: number;
  /** Samples that gave all five scores. */
  readonly validSamples: number;
  /** Samples asked for. */
  readonly samples: number;
}

/** Options of {@link judgeAnswer}. */
export interface JudgeAnswerOptions {
  /** The judge model. */
  readonly judge: ModelV1;
  readonly question: string;
  /** The reference answer (SWE-QA `reference/<repo>.jsonl`). */
  readonly reference: string;
  /** The candidate's answer (its `report.md`). */
  readonly candidate: string;
  /** Independent judge samples. Default: 3 (SWE-Spot's `n=3`). */
  readonly samples?: number;
  /** Sampling settings of the judge. Default: none beyond the provider's (SWE-Spot: gpt-5.2, reasoning effort low). */
  readonly settings?: ModelV1Settings;
  readonly abortSignal?: AbortSignal;
}

/** The judge's instructions: SWE-Spot's `eval/qa.py` rubric (five criteria 1–10 against the reference, JSON only). */
export const JUDGE_PROMPT = `You are a professional evaluator. Please rate the candidate answer against the reference answer based on five criteria.
Evaluation Criteria and Scoring Guidelines (each scored 1 to 10):
1. Correctness: is the candidate answer technically accurate and free of factual errors compared with the reference?
2. Completeness: does it cover the key points of the reference answer?
3. Relevance: does it stay on the question without unrelated content?
4. Clarity: is it well organised and easy to follow?
5. Reasoning: does it explain why, with sound logic grounded in the code?
Score anchors: 10 = perfect; 8-9 = minor issues; 6-7 = some notable gaps; 4-5 = significant problems; 2-3 = mostly wrong or missing; 1 = entirely wrong or empty.
Return JSON only, with integer scores:
{"correctness": <1-10>, "completeness": <1-10>, "relevance": <1-10>, "clarity": <1-10>, "reasoning": <1-10>}`;

/** The five scores of one judge reply, or undefined when it does not give all five in 0–10 (fences are stripped, as qa.py does). */
export function parseJudgeReply(text: string): Record<JudgeCriterion, number> | undefined {
  const body = text.replace(/```(?:json)?/g, '').trim();
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(start, end + 1));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const scores = {} as Record<JudgeCriterion, number>;
  for (const criterion of JUDGE_CRITERIA) {
    const value = Number((parsed as Record<string, unknown>)[criterion]);
    if (!Number.isFinite(value) || value < 0 || value > 10) return undefined;
    scores[criterion] = value;
  }
  return scores;
}

/**
 * Scores a codebase answer with an LLM judge as SWE-Spot does: `samples` independent replies
 * of the judge, each giving correctness, completeness, relevance, clarity and reasoning
 * 1–10 against the reference answer; replies that do not give all five are dropped; each
 * criterion is the mean over the valid replies and `overall` the mean of the five. With no
 * valid reply the verdict's `validSamples` is 0 and its scores NaN.
 */
export async function judgeAnswer(options: JudgeAnswerOptions): Promise<JudgeVerdict> {
  const samples = options.samples ?? 3;
  const user = `<question>\n${options.question}\n</question>\n\n<reference_answer>\n${options.reference}\n</reference_answer>\n\n<candidate_answer>\n${options.candidate}\n</candidate_answer>`;
  const replies = await Promise.all(
    Array.from({ length: samples }, () =>
      options.judge.generate({
        ...options.settings,
        messages: [
          { role: 'system', content: 'You are a helpful assistant.' },
          { role: 'user', content: `${JUDGE_PROMPT}\n\n${user}` },
        ],
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      }),
    ),
  );
  const valid = replies.map((reply) => parseJudgeReply(reply.text)).filter((scores) => scores !== undefined);
  const criteria = {} as Record<JudgeCriterion, number>;
  for (const criterion of JUDGE_CRITERIA) criteria[criterion] = valid.reduce((sum, scores) => sum + scores[criterion], 0) / valid.length;
  const overall = JUDGE_CRITERIA.reduce((sum, criterion) => sum + criteria[criterion], 0) / JUDGE_CRITERIA.length;
  return { criteria, overall, validSamples: valid.length, samples };
}

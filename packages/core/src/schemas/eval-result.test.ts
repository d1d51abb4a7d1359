import { describe, expect, it } from 'vitest';
import { exampleEvalResult } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { evalResultSchema } from './eval-result';

describe('evalResultSchema', () => {
  it('accepts a resolved SWE-bench attempt and a judged QA attempt', () => {
    expect(evalResultSchema.parse(exampleEvalResult())).toStrictEqual(exampleEvalResult());
    const judged = {
      ...exampleEvalResult(),
      taskKind: 'qa',
      source: 'swe-qa',
      resolved: null,
      score: 0.74,
      scoreDetails: { correctness: 8, completeness: 7 },
    };
    expect(issuePathsOf(evalResultSchema, judged)).toEqual([]);
  });

  it('rejects a score outside [0, 1] and a 0-based attempt', () => {
    const paths = issuePathsOf(evalResultSchema, { ...exampleEvalResult(), score: 74, attempt: 0 });
    expect(paths.sort()).toEqual(['attempt', 'score']);
  });
});

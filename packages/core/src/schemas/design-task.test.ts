import { describe, expect, it } from 'vitest';
import { exampleDesignTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { designTaskSchema } from './design-task';

describe('designTaskSchema', () => {
  it('accepts a design probe with a rubric, and defaults rubric weights and grounding facts', () => {
    expect(designTaskSchema.parse(exampleDesignTask())).toStrictEqual(exampleDesignTask());
    const { groundingFacts: _removed, ...rest } = exampleDesignTask();
    const parsed = designTaskSchema.parse({ ...rest, rubric: [{ criterion: 'Mentions as_sql().' }] });
    expect(parsed.groundingFacts).toEqual([]);
    expect(parsed.rubric).toEqual([{ criterion: 'Mentions as_sql().', weight: 1 }]);
  });

  it('accepts a reference answer instead of a rubric', () => {
    const { rubric: _removed, ...rest } = exampleDesignTask();
    expect(issuePathsOf(designTaskSchema, { ...rest, referenceAnswer: 'SQLCompiler turns a Query into SQL.' })).toEqual([]);
  });

  it('rejects a probe that cannot be scored (no rubric, no reference answer)', () => {
    const { rubric: _removed, ...rest } = exampleDesignTask();
    expect(issuePathsOf(designTaskSchema, rest)).toEqual(['rubric']);
  });

  it('rejects a probe without targets and a target of unknown granularity', () => {
    expect(issuePathsOf(designTaskSchema, { ...exampleDesignTask(), targets: [] })).toEqual(['targets']);
    const target = { ...exampleDesignTask().targets[0], granularity: 'package' };
    expect(issuePathsOf(designTaskSchema, { ...exampleDesignTask(), targets: [target] })).toEqual(['targets.0.granularity']);
  });
});

import { describe, expect, it } from 'vitest';
import { exampleQaTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { qaTaskSchema } from './qa-task';

describe('qaTaskSchema', () => {
  it('accepts a SWE-QA question', () => {
    expect(qaTaskSchema.parse(exampleQaTask())).toStrictEqual(exampleQaTask());
  });

  it('rejects an empty question and a category outside the taxonomy', () => {
    const paths = issuePathsOf(qaTaskSchema, { ...exampleQaTask(), question: '', category: 'when' });
    expect(paths.sort()).toEqual(['category', 'question']);
  });
});

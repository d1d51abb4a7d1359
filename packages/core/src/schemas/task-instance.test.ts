import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error';
import {
  exampleBugfixTask,
  exampleDesignTask,
  exampleFeatureTask,
  exampleFimTask,
  exampleQaTask,
  exampleTestReproTask,
} from './__fixtures__/example-records';
import { issuePathsOf, issuesOf } from './__fixtures__/issues-of';
import { taskInstanceSchema } from './task-instance';
import { parseWithSchema } from './zod-issues';

const examples = {
  design: exampleDesignTask,
  fim: exampleFimTask,
  bugfix: exampleBugfixTask,
  'test-repro': exampleTestReproTask,
  feature: exampleFeatureTask,
  qa: exampleQaTask,
};

describe('taskInstanceSchema', () => {
  it.each(Object.entries(examples))('accepts a realistic %s task and keeps it unchanged through JSON', (kind, make) => {
    const task = make();
    const parsed = taskInstanceSchema.parse(JSON.parse(JSON.stringify(task)));
    expect(parsed.kind).toBe(kind);
    expect(parsed).toStrictEqual(task);
  });

  it('rejects an unknown kind at kind', () => {
    expect(issuePathsOf(taskInstanceSchema, { ...exampleBugfixTask(), kind: 'refactor' })).toEqual(['kind']);
  });

  it('rejects a schemaVersion other than 1', () => {
    expect(issuePathsOf(taskInstanceSchema, { ...exampleQaTask(), schemaVersion: 2 })).toEqual(['schemaVersion']);
  });

  it('rejects unknown keys, naming them (records we write are strict)', () => {
    const issues = issuesOf(taskInstanceSchema, { ...exampleQaTask(), answer: 'typo of referenceAnswer' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toContain('answer');
  });

  it('rejects a bad snapshot cutoff, repo and environment with their paths', () => {
    const task = exampleBugfixTask();
    const paths = issuePathsOf(taskInstanceSchema, {
      ...task,
      repo: 'https://github.com/django/django',
      snapshot: { commit: task.snapshot.commit, cutoff: '2020-12-31' },
      environment: { installCommands: [], workingDirectory: '/testbed' },
    });
    expect(paths.sort()).toEqual(['environment.image', 'repo', 'snapshot.cutoff']);
  });

  it('checks the fields of the kind named by kind: a qa task lacks referenceAnswer', () => {
    const { referenceAnswer: _removed, ...withoutAnswer } = exampleQaTask();
    expect(issuePathsOf(taskInstanceSchema, withoutAnswer)).toEqual(['referenceAnswer']);
  });

  it('reports every issue through parseWithSchema with the file and line', () => {
    const error = (() => {
      try {
        parseWithSchema(taskInstanceSchema, { ...exampleBugfixTask(), seed: -1, failToPass: [] }, {
          file: 'tasks.jsonl',
          line: 3,
          schema: 'TaskInstance',
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    const validationError = error as ValidationError;
    expect(validationError.issues.map((issue) => issue.path).sort()).toEqual(['failToPass', 'seed']);
    expect(validationError.message).toContain('tasks.jsonl:3');
  });
});

import { describe, expect, it } from 'vitest';
import { exampleBugfixTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { bugfixTaskSchema, bugOriginSchema } from './bugfix-task';

describe('bugfixTaskSchema', () => {
  it('accepts a PR-mirror bugfix task', () => {
    expect(bugfixTaskSchema.parse(exampleBugfixTask())).toStrictEqual(exampleBugfixTask());
  });

  it('accepts historical and synthetic bug origins', () => {
    expect(bugOriginSchema.parse({ type: 'historical' })).toEqual({ type: 'historical' });
    const synthetic = { type: 'synthetic', strategy: 'procedural/remove-conditional', entity: 'django/utils/autoreload.py::get_child_arguments' };
    expect(bugOriginSchema.parse(synthetic)).toEqual(synthetic);
  });

  it('rejects a synthetic bug without its strategy', () => {
    expect(issuePathsOf(bugfixTaskSchema, { ...exampleBugfixTask(), bugOrigin: { type: 'synthetic' } })).toEqual([
      'bugOrigin.strategy',
    ]);
  });

  it('rejects FAIL_TO_PASS as a JSON string: instances hold real arrays', () => {
    expect(issuePathsOf(bugfixTaskSchema, { ...exampleBugfixTask(), failToPass: '["test_a (m.C)"]' })).toEqual(['failToPass']);
  });

  it('rejects an empty FAIL_TO_PASS list and a bad linked issue', () => {
    const paths = issuePathsOf(bugfixTaskSchema, { ...exampleBugfixTask(), failToPass: [], linkedIssues: [{ number: 0 }] });
    expect(paths.sort()).toEqual(['failToPass', 'linkedIssues.0.number']);
  });
});

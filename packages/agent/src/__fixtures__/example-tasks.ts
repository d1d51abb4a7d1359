import { taskInstanceSchema, type TaskInstance } from '@swespot/core';
import { makeBugfixTask, makeQaTask } from './make-task';

const removed = 'export function total(items) {\n  return items.reduce((sum, item) => sum + item, 0);\n}\n';

/** One valid task of every kind, on the `totals` fixture repository. */
export function exampleTasks(): TaskInstance[] {
  const bugfix = makeBugfixTask();
  if (bugfix.kind !== 'bugfix') throw new Error('expected a bugfix task');
  const { bugOrigin: _bugOrigin, failToPass: _failToPass, passToPass: _passToPass, kind: _kind, id: _id, ...shared } = bugfix;
  const { problemStatement: _problem, goldPatch: _gold, testPatch: _test, ...base } = shared;
  return [
    bugfix,
    makeQaTask(),
    taskInstanceSchema.parse({
      ...shared,
      id: 'totals__feature-1',
      kind: 'feature',
      problemStatement: 'Add mean(items), the average of the items.',
      failToPass: ['test/mean.test.js::mean'],
      passToPass: [],
      newComponents: [{ file: 'src/mean.js', components: [{ name: 'mean', type: 'function', signature: 'export function mean(items)', doc: '', lines: [1, 3] }] }],
    }),
    taskInstanceSchema.parse({
      ...shared,
      id: 'totals__test-repro-1',
      kind: 'test-repro',
      testFiles: ['test/total.test.js'],
      grading: {},
    }),
    taskInstanceSchema.parse({
      ...base,
      id: 'totals__design-1',
      kind: 'design',
      targets: [{ granularity: 'function', path: 'src/total.js', symbol: 'total', lines: { start: 1, end: 5 } }],
      prompt: 'Explain what total does and why it takes an array rather than varargs.',
      rubric: [{ criterion: 'Says it sums the items.' }],
    }),
    taskInstanceSchema.parse({
      ...base,
      id: 'totals__fim-1',
      kind: 'fim',
      file: 'src/total.js',
      instruction: 'Implement total(items): the sum of the items, 0 for none.',
      holes: [{ byteRange: { start: 0, end: new TextEncoder().encode(removed).length }, lineRange: { start: 1, end: 3 }, removedCode: removed, granularity: 'function', symbol: 'total' }],
      classification: 'negative',
    }),
  ];
}

import { taskInstanceSchema, type TaskInstance } from '@swespot/core';

const base = {
  schemaVersion: 1,
  repo: 'swespot/totals',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
  environment: { image: 'swespot/totals:test', workingDirectory: '/testbed' },
  testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
  provenance: { source: 'manual', generator: { name: 'test-fixture', version: '0.0.0' }, createdAt: '2024-01-02T00:00:00Z' },
  seed: 0,
} as const;

/** A valid bugfix task for the buggy `totals` repository; `overrides` replace top-level fields. */
export function makeBugfixTask(overrides: Record<string, unknown> = {}): TaskInstance {
  return taskInstanceSchema.parse({
    ...base,
    id: 'totals__bug-1',
    kind: 'bugfix',
    problemStatement: 'total([1, 2, 3]) returns 3 instead of 6: the last item is skipped.',
    goldPatch: '',
    testPatch: '',
    failToPass: ['test/total.test.js::total adds every item'],
    passToPass: [],
    bugOrigin: { type: 'synthetic', strategy: 'procedural/off-by-one' },
    ...overrides,
  });
}

/** A valid qa task for the `totals` repository. */
export function makeQaTask(overrides: Record<string, unknown> = {}): TaskInstance {
  return taskInstanceSchema.parse({
    ...base,
    id: 'totals__qa-1',
    kind: 'qa',
    question: 'What does total() return for an empty list?',
    referenceAnswer: '0',
    ...overrides,
  });
}

// A tiny real git repository with a planted off-by-one bug and a node:test test that catches it.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { taskInstanceSchema, type TaskInstance } from '@swespot/core';

const run = promisify(execFile);

export async function createPlantedBugRepository(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'swespot-example-'));
  const files: Record<string, string> = {
    'package.json': '{ "name": "totals", "type": "module" }\n',
    'src/total.js': 'export function total(items) {\n  let sum = 0;\n  for (let index = 0; index < items.length - 1; index++) sum += items[index];\n  return sum;\n}\n',
    'test/total.test.js':
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { total } from '../src/total.js';\n\ntest('total adds every item', () => assert.equal(total([1, 2, 3]), 6));\n",
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=example', '-c', 'user.email=example@example.invalid', 'commit', '-qm', 'totals']]) {
    await run('git', args, { cwd: root });
  }
  return root;
}

/** A bugfix task for the repository above; `id` tells several apart. */
export function plantedBugTask(id = 'totals__bug-1'): TaskInstance {
  return taskInstanceSchema.parse({
    schemaVersion: 1,
    id,
    kind: 'bugfix',
    repo: 'example/totals',
    snapshot: { commit: '0'.repeat(40), cutoff: '2025-01-01T00:00:00Z' },
    environment: { image: 'swespot/base-node' },
    testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
    provenance: { source: 'manual', createdAt: '2025-01-02T00:00:00Z' },
    seed: 0,
    problemStatement: 'total([1, 2, 3]) returns 3, not 6: the last item is never added.',
    goldPatch: '',
    testPatch: '',
    failToPass: ['test/total.test.js::total adds every item'],
    passToPass: [],
    bugOrigin: { type: 'synthetic', strategy: 'procedural/off-by-one' },
  });
}

/** The replies a good model would give, for running the examples without one. */
export const SCRIPTED_FIX = [
  'THOUGHT: Run the tests to see the failure.\n\n```bash\nnode --test test/ 2>&1 | grep -E "^# (pass|fail)"\n```',
  'THOUGHT: Read the function.\n\n```bash\ncat -n src/total.js\n```',
  "THOUGHT: The loop stops one item early; fix the bound and rerun.\n\n```bash\nsed -i 's/index < items.length - 1;/index < items.length;/' src/total.js && node --test test/ 2>&1 | grep -E '^# (pass|fail)'\n```",
  'THOUGHT: Fixed. Submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```',
];

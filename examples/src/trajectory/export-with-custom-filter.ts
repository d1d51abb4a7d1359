/**
 * Trajectories to ms-swift rows with a filter of your own on top of swespot's: the built-in
 * checks (submitted, no leaked secrets, loops trimmed, no post-cutoff facts) from
 * `createTrajectoryFilter`, then a rule of this project: drop runs that installed packages
 * with pip (the training sandbox has no network) and runs longer than 6 steps. Kept runs
 * become ms-swift rows with `toMsSwiftRecord`; the rest are listed with the reason.
 *
 *   pnpm --filter @swespot/examples example src/trajectory/export-with-custom-filter.ts [trajectories.jsonl ...]
 *
 * Without arguments it writes three small trajectories of its own and filters them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trajectory, TrajectoryStep } from '@swespot/core';
import { createTrajectoryFilter, readTrajectories, toMsSwiftRecord } from '@swespot/trajectory';

function step(index: number, action: string, observation: string): TrajectoryStep {
  return { index, thought: `THOUGHT: step ${index}`, action, rawOutput: `THOUGHT: step ${index}\n\n\`\`\`bash\n${action}\n\`\`\``, observation: `<returncode>0</returncode>\n<output>\n${observation}\n</output>`, exitCode: 0, modelDurationMs: 900, actionDurationMs: 40, inputTokens: 800, outputTokens: 40, flags: { malformed: false, timedOut: false, repeated: false, lossMasked: false } };
}

function run(number: number, actions: readonly string[]): Trajectory {
  const steps = [...actions.map((action, index) => step(index, action, 'ok')), step(actions.length, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff', 'diff --git a/tinyshop/cart.py b/tinyshop/cart.py')];
  return {
    schemaVersion: 1,
    id: `example-${number}`,
    taskId: `tinyshop__fim-${number}`,
    taskKind: 'fim',
    model: { provider: 'openai', modelId: 'teacher' },
    settings: { temperature: 0 },
    systemPrompt: 'You are a helpful assistant that can interact with a computer.',
    initialMessages: [{ role: 'user', content: `Fill the hole ${number} in tinyshop/cart.py` }],
    steps,
    outcome: 'submitted',
    submission: { type: 'diff', diff: 'diff --git a/tinyshop/cart.py b/tinyshop/cart.py\n' },
    usage: { inputTokens: 800 * steps.length, outputTokens: 40 * steps.length, modelCalls: steps.length, costUsd: 0.01 },
    startedAt: '2026-01-03T08:00:00.000Z',
    endedAt: '2026-01-03T08:05:00.000Z',
    cutoff: '2024-06-01T00:00:00Z',
  };
}

/** This project's rule, on top of swespot's checks: undefined keeps the trajectory, a string says why not. */
function projectRule(trajectory: Trajectory): string | undefined {
  if (trajectory.steps.some((item) => /\bpip3? install\b/.test(item.action ?? ''))) return 'installs packages with pip';
  if (trajectory.steps.length > 6) return `${trajectory.steps.length} steps, more than 6`;
  return undefined;
}

const folder = await mkdtemp(join(tmpdir(), 'swespot-example-filter-'));
try {
  let inputs = process.argv.slice(2);
  if (inputs.length === 0) {
    const runs = [run(1, ['cat tinyshop/cart.py', "sed -i 's/pass/return total/' tinyshop/cart.py"]), run(2, ['pip install pytest', 'python -m pytest -q']), run(3, Array.from({ length: 7 }, (_, index) => `sed -n '${index + 1}p' tinyshop/cart.py`))];
    await writeFile(join(folder, 'trajectories.jsonl'), `${runs.map((item) => JSON.stringify(item)).join('\n')}\n`);
    inputs = [join(folder, 'trajectories.jsonl')];
  }
  const filter = createTrajectoryFilter({ loops: 'trim' });
  const rows = [];
  for await (const { trajectory } of readTrajectories(inputs)) {
    const decision = filter.check(trajectory);
    if (!decision.accepted) {
      console.log(`dropped ${trajectory.id}: ${decision.reason} (${decision.message})`);
      continue;
    }
    const refusal = projectRule(decision.trajectory);
    if (refusal !== undefined) {
      console.log(`dropped ${trajectory.id}: ${refusal}`);
      continue;
    }
    rows.push(toMsSwiftRecord(decision.trajectory));
  }
  await writeFile(join(folder, 'train.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : ''));
  console.log(`${rows.length} ms-swift rows; the first has ${rows[0]?.messages.length ?? 0} messages`);
} finally {
  await rm(folder, { recursive: true, force: true });
}

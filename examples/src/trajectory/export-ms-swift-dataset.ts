/**
 * Trajectories to an ms-swift dataset: writes a few mini-swe-agent-style trajectories (one
 * with a syntax-error step, one looping, one leaking a key), then exports them with error
 * masking, loop trimming and a two-stage curriculum, and prints the stats report.
 *
 *   pnpm --filter @swespot/examples example src/trajectory/export-ms-swift-dataset.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trajectory, TrajectoryStep } from '@swespot/core';
import { exportDataset, formatDatasetStatistics, toMiniSweAgent } from '@swespot/trajectory';

function step(index: number, action: string, observation: string, exitCode = 0): TrajectoryStep {
  return {
    index,
    thought: `THOUGHT: step ${index}`,
    action,
    rawOutput: `THOUGHT: step ${index}\n\n\`\`\`bash\n${action}\n\`\`\``,
    observation: `<returncode>${exitCode}</returncode>\n<output>\n${observation}\n</output>`,
    exitCode,
    modelDurationMs: 900,
    actionDurationMs: 40,
    inputTokens: 1000,
    outputTokens: 50,
    flags: { malformed: false, timedOut: false, repeated: false, lossMasked: false },
  };
}

function trajectory(number: number, taskKind: Trajectory['taskKind'], steps: TrajectoryStep[]): Trajectory {
  return {
    schemaVersion: 1,
    id: `example-${number}`,
    taskId: `calc__calc-${number}`,
    taskKind,
    model: { provider: 'openai', modelId: 'teacher' },
    settings: { temperature: 0 },
    systemPrompt: 'You are a helpful assistant that can interact with a computer.',
    initialMessages: [{ role: 'user', content: `Fix issue ${number} in src/calc.py` }],
    steps,
    outcome: 'submitted',
    submission: { type: 'diff', diff: 'diff --git a/src/calc.py b/src/calc.py\n' },
    usage: { inputTokens: 1000 * steps.length, outputTokens: 50 * steps.length, modelCalls: steps.length, costUsd: 0.01 },
    startedAt: '2026-01-03T08:00:00.000Z',
    endedAt: '2026-01-03T08:05:00.000Z',
    cutoff: '2025-06-01T00:00:00Z',
  };
}

const submit = (index: number) => step(index, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff', 'diff --git a/src/calc.py b/src/calc.py');
const folder = await mkdtemp(join(tmpdir(), 'swespot-example-export-'));
try {
  const agentRuns = [
    trajectory(1, 'bugfix', [
      step(0, 'grep -n "def add" src/calc.py', '1:def add(a, b): return a - b'),
      step(1, 'python -c "import calc; print(calc.add(1, 2)"', '  File "<string>", line 1\nSyntaxError: unexpected EOF while parsing', 1),
      step(2, "sed -i 's/a - b/a + b/' src/calc.py", ''),
      submit(3),
    ]),
    trajectory(2, 'test-repro', [step(0, 'pytest -q', '1 failed'), step(1, 'pytest -q', '1 failed'), step(2, 'pytest -q', '1 failed'), step(3, 'cat tests/test_calc.py', 'def test_add(): ...'), submit(4)]),
    trajectory(3, 'fim', [step(0, 'env', `OPENAI_API_KEY=sk-proj-${'Zq7Lm2Np'.repeat(6)}`), submit(1)]),
  ];
  // swespot's own JSONL for two runs, and a mini-swe-agent .traj.json for the third.
  await writeFile(join(folder, 'agent.jsonl'), `${agentRuns.slice(0, 2).map((run) => JSON.stringify(run)).join('\n')}\n`);
  await writeFile(join(folder, 'calc__calc-3.traj.json'), JSON.stringify(toMiniSweAgent(agentRuns[2] as Trajectory)));

  const statistics = await exportDataset({
    inputs: [join(folder, 'agent.jsonl'), join(folder, 'calc__calc-3.traj.json')],
    outDir: join(folder, 'dataset'),
    format: 'ms-swift',
    maskErrors: true,
    curriculumStages: 2,
    read: { importSettings: { taskKind: 'fim' } },
    onRejected: (rejection) => console.log(`refused ${rejection.trajectoryId}: ${rejection.reason}: ${rejection.message}`),
  });
  console.log(formatDatasetStatistics(statistics));
  const firstRow = (await readFile(join(folder, 'dataset', 'train-stage-2.jsonl'), 'utf8')).split('\n')[0] ?? '';
  console.log('a row of stage 2:', firstRow.slice(0, 400), '...');
} finally {
  await rm(folder, { recursive: true, force: true });
}

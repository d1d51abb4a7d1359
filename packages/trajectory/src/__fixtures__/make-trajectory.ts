import type { TaskKind, Trajectory, TrajectoryStep } from '@swespot/core';

/** A step for tests: the action is wrapped in a mini-swe-agent bash block as the raw output. */
export function makeStep(index: number, action: string | null, observation: string, overrides: Partial<TrajectoryStep> = {}): TrajectoryStep {
  const thought = action === null ? `THOUGHT: step ${index}\nno block here` : `THOUGHT: step ${index}`;
  return {
    index,
    thought,
    action,
    rawOutput: action === null ? thought : `${thought}\n\n\`\`\`bash\n${action}\n\`\`\``,
    observation,
    exitCode: action === null ? null : 0,
    modelDurationMs: 1000,
    actionDurationMs: 500,
    inputTokens: 100 + index,
    outputTokens: 20 + index,
    flags: { malformed: action === null, timedOut: false, repeated: false, lossMasked: false },
    ...overrides,
  };
}

/** A submitted bugfix trajectory with three plain steps; override anything. */
export function makeTrajectory(overrides: Partial<Trajectory> & { taskKind?: TaskKind } = {}): Trajectory {
  const steps = overrides.steps ?? [
    makeStep(0, 'grep -rn "def add" src', 'src/calc.py:1:def add(a, b): return a - b'),
    makeStep(1, "sed -i 's/a - b/a + b/' src/calc.py", ''),
    makeStep(2, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff', 'diff --git a/src/calc.py b/src/calc.py'),
  ];
  return {
    schemaVersion: 1,
    id: 'trajectory-1',
    taskId: 'calc__calc-1',
    taskKind: 'bugfix',
    model: { provider: 'openai', modelId: 'gpt-test' },
    settings: { temperature: 0 },
    systemPrompt: 'You are a helpful assistant that can interact with a computer.',
    initialMessages: [{ role: 'user', content: 'Fix add() in src/calc.py' }],
    outcome: 'submitted',
    submission: { type: 'diff', diff: 'diff --git a/src/calc.py b/src/calc.py\n--- a/src/calc.py\n+++ b/src/calc.py\n' },
    usage: {
      inputTokens: steps.reduce((sum, step) => sum + step.inputTokens, 0),
      outputTokens: steps.reduce((sum, step) => sum + step.outputTokens, 0),
      modelCalls: steps.length,
      costUsd: 0.01,
    },
    startedAt: '2026-01-03T08:00:00.000Z',
    endedAt: '2026-01-03T08:10:00.000Z',
    ...overrides,
    steps,
  };
}

import { trajectorySchema, type Trajectory } from '@swespot/core';

/** One step of a sample trajectory: the command, what it printed and its exit code. */
export interface FixtureStep {
  readonly action: string;
  readonly observation: string;
  readonly exitCode?: number;
  readonly thought?: string;
}

/**
 * A valid core `Trajectory` of a bash agent run (model `vllm:repo-expert-4b`) with the given
 * steps and submitted diff (none, outcome `step-limit`, when `diff` is undefined). For tests of
 * code that reads rollouts, such as test-time scaling.
 */
export function rolloutTrajectory(options: { id: string; taskId: string; steps: readonly FixtureStep[]; diff?: string }): Trajectory {
  return trajectorySchema.parse({
    schemaVersion: 1,
    id: options.id,
    taskId: options.taskId,
    taskKind: 'bugfix',
    model: { provider: 'vllm', modelId: 'repo-expert-4b' },
    settings: { temperature: 1, topP: 0.8 },
    systemPrompt: 'You are a helpful assistant that can interact with a computer.',
    initialMessages: [{ role: 'user', content: `Fix the issue of ${options.taskId}.` }],
    steps: options.steps.map((step, index) => ({
      index,
      thought: step.thought ?? `THOUGHT: step ${index + 1}`,
      action: step.action,
      rawOutput: `${step.thought ?? `THOUGHT: step ${index + 1}`}\n\n\`\`\`bash\n${step.action}\n\`\`\``,
      observation: step.observation,
      exitCode: step.exitCode ?? 0,
      modelDurationMs: 10,
      actionDurationMs: 5,
      inputTokens: 100,
      outputTokens: 20,
      flags: { malformed: false, timedOut: false, repeated: false, lossMasked: false },
    })),
    outcome: options.diff === undefined ? 'step-limit' : 'submitted',
    submission: options.diff === undefined ? null : { type: 'diff', diff: options.diff },
    usage: { inputTokens: 100 * options.steps.length, outputTokens: 20 * options.steps.length, modelCalls: options.steps.length, costUsd: null },
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:05:00.000Z',
  });
}

/** A one-line diff of `src/calc.py` replacing `return a - b` by `line`. */
export function calcDiff(line: string): string {
  return ['diff --git a/src/calc.py b/src/calc.py', '--- a/src/calc.py', '+++ b/src/calc.py', '@@ -1,2 +1,2 @@', ' def add(a, b):', '-    return a - b', `+${line}`, ''].join('\n');
}

import type { SandboxExecutorV1, TaskInstance } from '@swespot/core';
import { prepareFimWorkspace } from '@swespot/fim-holes';
import { applyPatch } from '@swespot/repo-sandbox';

/**
 * Puts a task's starting state into a fresh rollout session before the agent's first step:
 * a FIM task's file gets its holes (the agent never sees the removed code), and a bugfix or
 * test-repro task with a `bugPatch` (mirrored and synthetic bugs) gets the bug, so the agent
 * sees the buggy code, not the snapshot the bug was made from.
 *
 * @throws {Error} when the bug patch does not apply, naming the task and what each method said.
 */
export async function prepareRolloutSession(executor: SandboxExecutorV1, task: TaskInstance, options: { abortSignal?: AbortSignal }): Promise<void> {
  if (task.kind === 'fim') await prepareFimWorkspace(executor, task, options);
  const bugPatch = task.kind === 'bugfix' || task.kind === 'test-repro' ? task.bugPatch : undefined;
  if (bugPatch === undefined) return;
  const applied = await applyPatch({ executor, patch: bugPatch, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
  if (!applied.applied) {
    const detail = applied.attempts.map((attempt) => `${attempt.method}: ${attempt.output.trim().split('\n')[0] ?? ''}`).join('; ');
    throw new Error(`task ${task.id}: its bugPatch does not apply to the workspace (${detail}); check that --workspace or the image holds the task's snapshot`);
  }
}

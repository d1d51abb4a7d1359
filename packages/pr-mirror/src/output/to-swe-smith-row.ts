import type { BugfixTask } from '@swespot/core';

/** A SWE-smith task instance row (`logs/task_insts/*.json` and the Hugging Face dataset): `patch` is the bug. */
export interface SweSmithRow {
  readonly instance_id: string;
  readonly repo: string;
  /** The bug-introducing diff (the fix is its reverse), unlike SWE-bench where `patch` is the fix. */
  readonly patch: string;
  readonly FAIL_TO_PASS: readonly string[];
  readonly PASS_TO_PASS: readonly string[];
  readonly created_at: string;
  readonly image_name: string;
  readonly base_commit: string;
  readonly problem_statement: string;
}

/**
 * Writes a `bugfix` instance with a bug patch as a SWE-smith row: `patch` is the bug patch,
 * `base_commit` the clean snapshot, `image_name` the environment's image.
 *
 * @throws {Error} when the instance has no `bugPatch` (its snapshot already has the bug: write it with `toSweBenchRow`).
 */
export function toSweSmithRow(task: BugfixTask): SweSmithRow {
  if (task.bugPatch === undefined) throw new Error(`${task.id}: bugPatch is missing; a SWE-smith row needs the bug as a patch (use toSweBenchRow for this instance).`);
  return {
    instance_id: task.id,
    repo: task.repo,
    patch: task.bugPatch,
    FAIL_TO_PASS: task.failToPass,
    PASS_TO_PASS: task.passToPass,
    created_at: task.provenance.createdAt,
    image_name: task.environment.image ?? task.environment.dockerfile ?? '',
    base_commit: task.snapshot.commit,
    problem_statement: task.problemStatement,
  };
}

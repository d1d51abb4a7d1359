import type { Trajectory } from '@swespot/core';

/**
 * Where an exported row came from, so it can be traced to its run and re-graded: written as
 * flat columns beside the conversation (ms-swift and ShareGPT rows, whose trainers ignore
 * columns they do not know) or, for OpenAI rows, which allow no extra keys, as the same line of
 * a `.trace.jsonl` file beside the dataset file.
 */
export interface RowTrace {
  /** The task (SWE-bench instance) id. */
  instance_id: string;
  /** The trajectory id. */
  trajectory_id: string;
  /** The file the trajectory was read from, with `:line` for JSONL. */
  source_file: string;
  /** How the run ended: the swespot outcome (`submitted`, `step-limit`, ...), with the reason when there is one. */
  exit_status: string;
  /** What the run handed in (the final diff, or a report); null when nothing. */
  submission: string | null;
}

/** The {@link RowTrace} of a trajectory read from `file` (and `line`). */
export function rowTraceOf(trajectory: Trajectory, file: string, line?: number): RowTrace {
  const submission = trajectory.submission === null ? null : trajectory.submission.type === 'diff' ? trajectory.submission.diff : trajectory.submission.text;
  return {
    instance_id: trajectory.taskId,
    trajectory_id: trajectory.id,
    source_file: line === undefined ? file : `${file}:${line}`,
    exit_status: trajectory.outcomeReason === undefined ? trajectory.outcome : `${trajectory.outcome}: ${trajectory.outcomeReason}`,
    submission,
  };
}

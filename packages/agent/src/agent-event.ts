import type { Trajectory, TrajectoryStep } from '@swespot/core';

/**
 * What a running agent reports, in order: one `run-start`, a `step-end` per step, one
 * `run-end`. Rollouts write them to the per-task log.
 */
export type AgentEvent =
  | {
      readonly type: 'run-start';
      readonly trajectoryId: string;
      readonly taskId: string;
      readonly systemPrompt: string;
      readonly instancePrompt: string;
    }
  | {
      readonly type: 'step-end';
      readonly trajectoryId: string;
      readonly step: TrajectoryStep;
      /** Wall-clock time of the whole step in milliseconds, model call and command included. */
      readonly stepDurationMs: number;
      /** Estimated tokens of the conversation after this step. */
      readonly contextTokens: number;
    }
  | { readonly type: 'run-end'; readonly trajectory: Trajectory };

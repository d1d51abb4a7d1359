import { SwespotError } from '@swespot/core';

const name = 'SwespotUnrepresentableTrajectoryError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Why an export format cannot hold a trajectory: `unrepresentable-tool-call` (tool calls the
 * format has no place for, such as several calls sharing one result in OpenAI's layout, which
 * answers each call id on its own) or `action-missing` (a step ran an action that neither its
 * text nor a recorded tool call shows, so a row would train the thought without its action).
 */
export type UnrepresentableReason = 'unrepresentable-tool-call' | 'action-missing';

/**
 * A trajectory an export format cannot represent without losing an action; the exporter
 * refuses it (listed in `rejected.jsonl` with `reason`) instead of writing a row without it.
 */
export class UnrepresentableTrajectoryError extends SwespotError {
  private readonly [symbol] = true;
  /** Why, as a stable string (a rejection reason of the export). */
  readonly reason: UnrepresentableReason;
  /** The index of the step that cannot be represented. */
  readonly stepIndex: number;

  constructor({ message, reason, stepIndex, cause }: { message: string; reason: UnrepresentableReason; stepIndex: number; cause?: unknown }) {
    super({ message, cause });
    this.name = name;
    this.reason = reason;
    this.stepIndex = stepIndex;
  }

  static override isInstance(error: unknown): error is UnrepresentableTrajectoryError {
    return SwespotError.hasMarker(error, marker);
  }
}

import type { Trajectory, TrajectoryStep } from '@swespot/core';

/** Settings of {@link findLoops}. */
export interface LoopSettings {
  /** How many times in a row an action (or a cycle of actions) must occur to count as a loop. Default 3. */
  minRepeats?: number;
  /** The longest cycle looked for, in steps (1: the same action again; 2: A B A B ...). Default 3. */
  maxPeriod?: number;
}

/** A run of repeated steps: a cycle of `period` steps occurring `repeats` times from `start`. */
export interface StepLoop {
  /** Index of the first step of the first cycle. */
  start: number;
  /** Steps per cycle. */
  period: number;
  /** How many times the cycle occurs in a row (at least `minRepeats`). */
  repeats: number;
  /** Index after the last repeated step (exclusive). */
  end: number;
}

/** The action of a step with white space collapsed; malformed steps are keyed by their output. */
function actionKey(step: TrajectoryStep): string {
  return step.action === null ? `\u0000malformed\u0000${step.rawOutput.replace(/\s+/g, ' ').trim()}` : step.action.replace(/\s+/g, ' ').trim();
}

/**
 * Finds repetition loops (the SWE-Spot paper, appendix C: the same action issued again and
 * again without progress): a cycle of 1 to `maxPeriod` steps whose actions (white space
 * collapsed) repeat at least `minRepeats` times in a row. The shortest cycle wins; loops do not
 * overlap. Steps the agent flagged `repeated` are reported as one-step loops too.
 */
export function findLoops(trajectory: Trajectory, settings: LoopSettings = {}): StepLoop[] {
  const minRepeats = Math.max(2, settings.minRepeats ?? 3);
  const maxPeriod = Math.max(1, settings.maxPeriod ?? 3);
  const keys = trajectory.steps.map(actionKey);
  const loops: StepLoop[] = [];
  let index = 0;
  while (index < keys.length) {
    let found: StepLoop | undefined;
    for (let period = 1; period <= maxPeriod && found === undefined; period += 1) {
      let repeats = 1;
      while (index + (repeats + 1) * period <= keys.length) {
        let same = true;
        for (let offset = 0; offset < period && same; offset += 1) {
          same = keys[index + repeats * period + offset] === keys[index + offset];
        }
        if (!same) break;
        repeats += 1;
      }
      if (repeats >= minRepeats) found = { start: index, period, repeats, end: index + repeats * period };
    }
    if (found !== undefined) {
      loops.push(found);
      index = found.end;
    } else {
      const step = trajectory.steps[index];
      if (step?.flags.repeated) loops.push({ start: index - 1 < 0 ? index : index - 1, period: 1, repeats: 2, end: index + 1 });
      index += 1;
    }
  }
  return loops;
}

/**
 * Removes the repeats of each loop, keeping its first cycle (the model still sees one try and
 * its result), and renumbers the steps. A step the agent flagged `repeated` is removed.
 */
export function trimLoops(trajectory: Trajectory, loops: readonly StepLoop[]): Trajectory {
  if (loops.length === 0) return trajectory;
  const removed = new Set<number>();
  for (const loop of loops) {
    for (let index = loop.start + loop.period; index < loop.end; index += 1) removed.add(index);
  }
  const steps = trajectory.steps.filter((step) => !removed.has(step.index)).map((step, index) => ({ ...step, index }));
  return { ...trajectory, steps };
}

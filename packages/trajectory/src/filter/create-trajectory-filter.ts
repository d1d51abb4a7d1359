import { InvalidArgumentError, type Trajectory } from '@swespot/core';
import { toConversation, type ConversationOptions } from '../export/to-conversation';
import { toolCallJson } from '../export/tool-calls';
import { createEstimateTokenCounter, type TokenCounter } from '../token-counter';
import { createTemporalLeakDetector, type TemporalLeakSettings } from './create-temporal-leak-detector';
import { findLoops, trimLoops, type LoopSettings } from './find-loops';
import { findSecrets } from './find-secrets';
import type { Verdict, VerdictIndex } from './verdicts';

/**
 * Why a trajectory was refused; stable strings, used as keys in the stats report. The exporter
 * sets `all-steps-masked` (after masking), `unreadable` (a file or line that is no readable
 * trajectory), and `unrepresentable-tool-call` / `action-missing` (a row would lose an action).
 */
export type RejectionReason =
  | 'secret'
  | 'not-submitted'
  | 'no-verdict'
  | 'unsuccessful'
  | 'temporal-leak'
  | 'loop'
  | 'too-few-turns'
  | 'too-many-turns'
  | 'too-many-tokens'
  | 'duplicate'
  | 'all-steps-masked'
  | 'unreadable'
  | 'unrepresentable-tool-call'
  | 'action-missing';

/** Settings of {@link createTrajectoryFilter}. Every check is on unless turned off. */
export interface TrajectoryFilterSettings {
  /**
   * Keep successful trajectories only: submitted, and graded a success for their task kind
   * (bugfix and feature: resolved; fim: tests pass; test-repro: graded fail-before/pass-after;
   * design and qa: resolved, or judged with a score of at least `minimumJudgeScore`).
   * `false` keeps every outcome.
   */
  success?:
    | false
    | {
        /** Where verdicts come from. Without it, only `submitted` is required. */
        verdicts?: VerdictIndex;
        /** Refuse trajectories with no verdict in `verdicts`. Default true when `verdicts` is given. */
        requireVerdict?: boolean;
        /** Lowest judge score (0-1) that counts as success for design and qa tasks. Default 0.7. */
        minimumJudgeScore?: number;
      };
  /** Fewest steps. Default 1. */
  minTurns?: number;
  /** Most steps (after loop trimming). Default: no bound. */
  maxTurns?: number;
  /** Most tokens of the whole conversation (after loop trimming), e.g. ms-swift's `--max_length`. Default: no bound. */
  maxTokens?: number;
  /** Counts tokens for `maxTokens`. Default: {@link createEstimateTokenCounter}. */
  tokenCounter?: TokenCounter;
  /** How the conversation is rendered for counting tokens. */
  conversation?: ConversationOptions;
  /**
   * Refuse near-duplicates: a trajectory on a task already kept whose set of actions (white
   * space collapsed) has a Jaccard similarity of at least `similarity` (default 0.9) with a kept
   * one's. `false` keeps duplicates.
   */
  duplicates?: false | { similarity?: number };
  /** Refuse trajectories that show post-cutoff facts (see {@link createTemporalLeakDetector}). `false` turns it off. Default on (dates only, from each trajectory's cutoff). */
  temporal?: false | TemporalLeakSettings;
  /** Refuse trajectories holding credentials (see {@link findSecrets}). Default true. */
  secrets?: boolean;
  /** Repetition loops: `trim` them (default), `drop` the trajectory, or `keep` it as is. */
  loops?: 'trim' | 'drop' | 'keep';
  /** What counts as a loop. */
  loopSettings?: LoopSettings;
}

/** The result of {@link TrajectoryFilter.check}. */
export type FilterDecision =
  | {
      /** Kept. */
      accepted: true;
      /** The trajectory to use (loops trimmed). */
      trajectory: Trajectory;
      /** Steps removed by loop trimming. */
      trimmedSteps: number;
      /** Tokens of the conversation, from the filter's token counter. */
      tokens: number;
    }
  | {
      /** Refused. */
      accepted: false;
      /** Why. */
      reason: RejectionReason;
      /** Details safe to log: field paths and kinds, never a secret's value. */
      message: string;
    };

/** Decides which trajectories become training data; remembers kept ones to refuse duplicates. */
export interface TrajectoryFilter {
  /** Checks one trajectory; kept ones are remembered for the duplicate check. */
  check(trajectory: Trajectory): FilterDecision;
}

function judge(trajectory: Trajectory, verdict: Verdict, minimumJudgeScore: number): boolean {
  if (verdict.resolved === true) return true;
  if (verdict.resolved === false) return false;
  return (trajectory.taskKind === 'design' || trajectory.taskKind === 'qa') && verdict.score >= minimumJudgeScore;
}

function normalizedActions(trajectory: Trajectory): Set<string> {
  const actions = new Set<string>();
  for (const step of trajectory.steps) if (step.action !== null) actions.add(step.action.replace(/\s+/g, ' ').trim());
  return actions;
}

function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Creates the trajectory filter: secrets, success, temporal leakage, loops (trim or drop),
 * turn and token bounds, then near-duplicates, in that order; the first failed check is the
 * reason. Synchronous and I/O-free; pass verdicts and the token counter already loaded.
 */
export function createTrajectoryFilter(settings: TrajectoryFilterSettings = {}): TrajectoryFilter {
  const minTurns = settings.minTurns ?? 1;
  const { maxTurns, maxTokens } = settings;
  for (const [name, value] of [['minTurns', minTurns], ['maxTurns', maxTurns], ['maxTokens', maxTokens]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new InvalidArgumentError({ argument: name, message: `${name} must be a whole number of zero or more, got ${value}` });
    }
  }
  const success = settings.success ?? {};
  const minimumJudgeScore = success === false ? 0 : success.minimumJudgeScore ?? 0.7;
  const requireVerdict = success === false ? false : success.requireVerdict ?? success.verdicts !== undefined;
  const similarity = settings.duplicates === false ? undefined : settings.duplicates?.similarity ?? 0.9;
  const temporal = settings.temporal === false ? undefined : createTemporalLeakDetector(settings.temporal ?? {});
  const tokenCounter = settings.tokenCounter ?? createEstimateTokenCounter();
  const loops = settings.loops ?? 'trim';
  const keptActions = new Map<string, Set<string>[]>();

  return {
    check(input) {
      if (settings.secrets !== false) {
        const findings = findSecrets(input);
        if (findings.length > 0) {
          return { accepted: false, reason: 'secret', message: findings.map((finding) => `${finding.kind} in ${finding.path}`).join(', ') };
        }
      }
      if (success !== false) {
        if (input.outcome !== 'submitted' || input.submission === null) {
          return { accepted: false, reason: 'not-submitted', message: `outcome ${input.outcome}${input.submission === null ? ', no submission' : ''}` };
        }
        const verdict = success.verdicts?.get(input);
        if (verdict === undefined) {
          if (requireVerdict) return { accepted: false, reason: 'no-verdict', message: `no verdict for trajectory ${input.id} or task ${input.taskId}` };
        } else if (!judge(input, verdict, minimumJudgeScore)) {
          return { accepted: false, reason: 'unsuccessful', message: `${input.taskKind}: resolved ${String(verdict.resolved)}, score ${verdict.score}` };
        }
      }
      if (temporal !== undefined) {
        const leaks = temporal.find(input);
        if (leaks.length > 0) {
          return { accepted: false, reason: 'temporal-leak', message: leaks.slice(0, 3).map((leak) => `${leak.kind} ${leak.value} in ${leak.path}`).join(', ') + (leaks.length > 3 ? `, and ${leaks.length - 3} more` : '') };
        }
      }
      let trajectory = input;
      let trimmedSteps = 0;
      if (loops !== 'keep') {
        const found = findLoops(input, settings.loopSettings);
        if (found.length > 0) {
          if (loops === 'drop') {
            return { accepted: false, reason: 'loop', message: found.map((loop) => `steps ${loop.start}-${loop.end - 1} repeat a ${loop.period}-step cycle ${loop.repeats} times`).join(', ') };
          }
          trajectory = trimLoops(input, found);
          trimmedSteps = input.steps.length - trajectory.steps.length;
        }
      }
      const turns = trajectory.steps.length;
      if (turns < minTurns) return { accepted: false, reason: 'too-few-turns', message: `${turns} turns, fewer than ${minTurns}` };
      if (maxTurns !== undefined && turns > maxTurns) return { accepted: false, reason: 'too-many-turns', message: `${turns} turns, more than ${maxTurns}` };
      let tokens = 0;
      for (const message of toConversation(trajectory, settings.conversation)) {
        tokens += tokenCounter.count(message.content);
        for (const call of message.toolCalls ?? []) tokens += tokenCounter.count(toolCallJson(call));
      }
      if (maxTokens !== undefined && tokens > maxTokens) return { accepted: false, reason: 'too-many-tokens', message: `${tokens} tokens, more than ${maxTokens} (${tokenCounter.kind})` };
      if (similarity !== undefined) {
        const actions = normalizedActions(trajectory);
        const kept = keptActions.get(trajectory.taskId) ?? [];
        const twin = kept.findIndex((other) => jaccard(actions, other) >= similarity);
        if (twin !== -1) return { accepted: false, reason: 'duplicate', message: `actions match kept trajectory #${twin + 1} of task ${trajectory.taskId} (similarity >= ${similarity})` };
        kept.push(actions);
        keptActions.set(trajectory.taskId, kept);
      }
      return { accepted: true, trajectory, trimmedSteps, tokens };
    },
  };
}

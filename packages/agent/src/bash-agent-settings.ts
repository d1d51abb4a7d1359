import type { ModelV1, ModelV1Settings, TaskKind } from '@swespot/core';
import { z } from 'zod';
import type { PromptTemplates } from './default-prompt-templates';

/** The submission sentinels mini-swe-agent accepts: a command whose output starts with one of them submits. */
export const DEFAULT_SENTINELS: readonly string[] = ['COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', 'MINI_SWE_AGENT_FINAL_OUTPUT'];

/** Environment variables of every command, from SWE-Spot's configs: no pagers, no progress bars. */
export const DEFAULT_COMMAND_ENV: Readonly<Record<string, string>> = {
  PAGER: 'cat',
  MANPAGER: 'cat',
  LESS: '-R',
  PIP_PROGRESS_BAR: 'off',
  TQDM_DISABLE: '1',
};

/**
 * Settings of {@link createBashAgent}. Every limit defaults to what SWE-Spot evaluates with
 * (mini-swe-agent 1.17.5 and `eval/*_host.yaml`).
 */
export interface BashAgentSettings {
  /** The model that writes the replies. */
  readonly model: ModelV1;
  /**
   * Sampling settings sent with every call. Default: the provider's own. The paper's
   * open-weight runs use `{ temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 }`.
   */
  readonly sampling?: ModelV1Settings;
  /** Most model calls in one run (format errors and repetition warnings count). Default: 64. */
  readonly stepLimit?: number;
  /**
   * Most tokens the conversation may hold: the run stops with `context-limit` before a
   * call whose prompt would exceed it (estimated; see `estimateTokens`), or when the
   * server rejects a prompt as too long. Default: 48,000 (SWE-Spot's `--context-length 48000`).
   */
  readonly contextLimitTokens?: number;
  /** Stop with `cost-limit` once the calls cost this many US dollars (from `costUsd`). Default: no limit. */
  readonly costLimitUsd?: number;
  /** Wall-clock limit of one command in milliseconds; the process tree is killed after it. Default: 60,000. */
  readonly commandTimeoutMs?: number;
  /**
   * Stop with `command-timeout` when this many of the model's commands in a row hit
   * `commandTimeoutMs` (SWE-agent's `max_consecutive_execution_timeouts`). A command that
   * finishes resets the count; format errors and loop warnings run no command and leave it
   * as it is. `Infinity` never ends a run for timeouts (mini-swe-agent's behaviour: each one
   * is only reported to the model); 0 is rejected, as it would end a run before any
   * command. Default: 3.
   */
  readonly maxConsecutiveCommandTimeouts?: number;
  /** Outputs of this many characters or more are shown to the model as head and tail only. Default: 10,000. */
  readonly observationLimitCharacters?: number;
  /** Most bytes the sandbox keeps of one command's output (head and tail). Default: 1 MiB. */
  readonly commandOutputLimitBytes?: number;
  /** The 3rd identical reply (this many) gets a loop warning instead of running. Default: 3. */
  readonly repetitionWarnAt?: number;
  /** The 5th identical reply (this many) stops the run with `repetition`. Default: 5. */
  readonly repetitionStopAt?: number;
  /** First lines of output that submit (with exit code 0). Default: {@link DEFAULT_SENTINELS}. */
  readonly sentinels?: readonly string[];
  /** Environment variables of every command. Default: {@link DEFAULT_COMMAND_ENV}. */
  readonly commandEnv?: Readonly<Record<string, string>>;
  /**
   * Run each command with its standard error merged into standard output (`exec 2>&1`
   * first), so the model sees them interleaved as mini-swe-agent's subprocess does. Default: true.
   */
  readonly mergeStderr?: boolean;
  /** Templates for every task kind, over the defaults. */
  readonly templates?: Partial<PromptTemplates>;
  /** Templates per task kind, over `templates` and the defaults. */
  readonly templatesByKind?: Partial<Readonly<Record<TaskKind, Partial<PromptTemplates>>>>;
  /** Where a report (design, qa) is written, relative to the workspace. Default: `report.md`. */
  readonly reportPath?: string;
  /**
   * The command that collects a code task's diff after submission, run in the workspace.
   * Default: `git add -A && git diff --cached` (mini-swe-agent's submission).
   */
  readonly diffCommand?: string;
  /** A global regular expression whose first group is the command. Default: `DEFAULT_ACTION_PATTERN`. */
  readonly actionPattern?: RegExp;
  /** Token count of a text, for the context limit and for usage the provider did not report. Default: `estimateTokens` (4 characters per token). */
  readonly estimateTokens?: (text: string) => number;
}

const positiveInt = z.int().positive();
const positiveNumber = z.number().positive().finite();
const WHOLE_OR_INFINITY = 'expected a whole number of 1 or more, or Infinity to never end a run for command timeouts';

/** The numeric settings of {@link BashAgentSettings}, checked once when the agent is created. */
export const bashAgentLimitsSchema = z.strictObject({
  stepLimit: positiveInt.default(64),
  contextLimitTokens: positiveInt.default(48_000),
  costLimitUsd: positiveNumber.optional(),
  commandTimeoutMs: positiveNumber.default(60_000),
  maxConsecutiveCommandTimeouts: z
    .union([z.int().min(1, WHOLE_OR_INFINITY), z.literal(Number.POSITIVE_INFINITY)], { error: WHOLE_OR_INFINITY })
    .default(3),
  observationLimitCharacters: z.int().min(2).default(10_000),
  commandOutputLimitBytes: positiveInt.default(1024 * 1024),
  repetitionWarnAt: z.int().min(2).default(3),
  repetitionStopAt: z.int().min(2).default(5),
});

/** The numeric settings of an agent after defaults. */
export type BashAgentLimits = z.output<typeof bashAgentLimitsSchema>;

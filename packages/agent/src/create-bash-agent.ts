import {
  ApiCallError,
  InvalidArgumentError,
  trajectorySchema,
  type ModelV1Message,
  type ModelV1Result,
  type ModelV1Settings,
  type SamplingSettings,
  type SandboxExecResultV1,
  type SandboxExecutorV1,
  type Submission,
  type TaskInstance,
  type TaskKind,
  type Trajectory,
  type TrajectoryOutcome,
  type TrajectoryStep,
} from '@swespot/core';
import type { AgentEvent } from './agent-event';
import {
  bashAgentLimitsSchema,
  DEFAULT_COMMAND_ENV,
  DEFAULT_SENTINELS,
  type BashAgentLimits,
  type BashAgentSettings,
} from './bash-agent-settings';
import { createRepetitionGuard } from './create-repetition-guard';
import { cutOutput } from './cut-output';
import { DEFAULT_PROMPT_TEMPLATES, type PromptTemplates } from './default-prompt-templates';
import { estimateTokens as defaultEstimateTokens } from './estimate-tokens';
import { DEFAULT_ACTION_PATTERN, parseBashActions } from './parse-bash-actions';
import { renderTemplate, type TemplateVariables } from './render-template';
import { submissionTypeOf, taskPromptVariables } from './task-prompt-variables';

/** Options of one {@link BashAgent.run}. */
export interface BashAgentRunOptions {
  /** The task to work on. */
  readonly task: TaskInstance;
  /** Where commands run: a sandbox session already holding the task's repository (its `restricted()` view is enough). */
  readonly executor: SandboxExecutorV1;
  /** Id of the trajectory record. Default: `<task id>__run-0`. */
  readonly trajectoryId?: string;
  /** Sampling seed of this run, over `sampling.seed`. Default: `sampling.seed`. */
  readonly seed?: number;
  /** Called with each {@link AgentEvent}; awaited, so a slow handler slows the run. */
  readonly onEvent?: (event: AgentEvent) => void | Promise<void>;
  /** Stops the run: the model call or command in flight is cancelled and the outcome is `aborted`. */
  readonly abortSignal?: AbortSignal;
}

/** A configured bash agent; create it with {@link createBashAgent}. */
export interface BashAgent {
  /** The model's provider and id, as recorded in trajectories. */
  readonly model: { readonly provider: string; readonly modelId: string };
  /** The limits after defaults. */
  readonly limits: BashAgentLimits;
  /** The sampling settings sent with every call. */
  readonly sampling: ModelV1Settings;
  /** The templates a task of this kind is prompted with (defaults with the overrides applied). */
  templatesFor(kind: TaskKind): PromptTemplates;
  /**
   * Runs the agent on one task until it submits or hits a limit, and resolves with the
   * trajectory record (valid under core's `trajectorySchema`). Failures of the model or
   * the sandbox end the run with outcome `error` and the message in `outcomeReason`; the
   * promise itself rejects only for a bad template or a throwing `onEvent`.
   */
  run(options: BashAgentRunOptions): Promise<Trajectory>;
}

const CONTEXT_OVERFLOW =
  /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|input is too long|exceeds? the (maximum|max)/i;

/** Thrown inside the loop to end it with an outcome; never leaves {@link BashAgent.run}. */
class RunEnd {
  constructor(
    readonly outcome: TrajectoryOutcome,
    readonly reason: string,
    readonly submission: Submission | null = null,
  ) {}
}

/**
 * Creates the bash-only agent that SWE-Spot evaluates with (mini-swe-agent 1.x plus its
 * repetition guard). Each step is one model call; the reply must hold exactly one
 * ```` ```bash ```` block, which runs in a fresh shell of the sandbox with the per-command
 * timeout; its exit code and output (head and tail beyond the observation limit) go back
 * as the next user message. A reply with zero or several blocks is answered with a format
 * message and still counts as a step. The run ends when a command's output starts with
 * the submission sentinel (exit code 0), or at the step, context or cost limit, when the
 * same reply comes for the 5th time, or when 3 commands in a row time out (outcome
 * `command-timeout`; see `maxConsecutiveCommandTimeouts`).
 *
 * On submission, a code task (`bugfix`, `feature`, `test-repro`, `fim`) hands in the
 * workspace diff (`git add -A && git diff --cached`, run by the agent itself, so what the
 * model printed cannot change it); `design` and `qa` hand in the text after the sentinel
 * line (the report the model printed with `head -c 128k report.md`).
 *
 * Creating the agent checks the settings and does no I/O.
 *
 * @throws {InvalidArgumentError} listing every bad setting as `path: message`.
 *
 * @example
 * ```ts
 * const agent = createBashAgent({ model, sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 } });
 * const session = await provider.createSession({ image: task.environment.image });
 * try {
 *   const trajectory = await agent.run({ task, executor: session.restricted() });
 *   console.log(trajectory.outcome, trajectory.submission);
 * } finally {
 *   await session.destroy();
 * }
 * ```
 */
export function createBashAgent(settings: BashAgentSettings): BashAgent {
  const parsed = bashAgentLimitsSchema.safeParse({
    stepLimit: settings.stepLimit,
    contextLimitTokens: settings.contextLimitTokens,
    costLimitUsd: settings.costLimitUsd,
    commandTimeoutMs: settings.commandTimeoutMs,
    maxConsecutiveCommandTimeouts: settings.maxConsecutiveCommandTimeouts,
    observationLimitCharacters: settings.observationLimitCharacters,
    commandOutputLimitBytes: settings.commandOutputLimitBytes,
    repetitionWarnAt: settings.repetitionWarnAt,
    repetitionStopAt: settings.repetitionStopAt,
  });
  if (!parsed.success) {
    throw new InvalidArgumentError({
      argument: 'settings',
      message: `Invalid bash agent settings:\n${parsed.error.issues
        .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  const limits = parsed.data;
  if (limits.repetitionStopAt < limits.repetitionWarnAt) {
    throw new InvalidArgumentError({
      argument: 'repetitionStopAt',
      message: `Invalid bash agent settings:\n  repetitionStopAt: must be at least repetitionWarnAt (${limits.repetitionWarnAt})`,
    });
  }
  const sentinels = settings.sentinels ?? DEFAULT_SENTINELS;
  if (sentinels.length === 0 || sentinels.some((sentinel) => sentinel.trim() === '' || /\s/.test(sentinel.trim()))) {
    throw new InvalidArgumentError({
      argument: 'sentinels',
      message: 'Invalid bash agent settings:\n  sentinels: give at least one sentinel, each a single word without spaces',
    });
  }
  const model = settings.model;
  const estimateTokens = settings.estimateTokens ?? defaultEstimateTokens;
  const actionPattern = settings.actionPattern ?? DEFAULT_ACTION_PATTERN;
  const commandEnv = settings.commandEnv ?? DEFAULT_COMMAND_ENV;
  const mergeStderr = settings.mergeStderr ?? true;
  const reportPath = settings.reportPath ?? 'report.md';
  const diffCommand = settings.diffCommand ?? 'git add -A && git diff --cached';
  const sampling = settings.sampling ?? {};

  const templatesFor = (kind: TaskKind): PromptTemplates => ({
    ...DEFAULT_PROMPT_TEMPLATES[kind],
    ...settings.templates,
    ...settings.templatesByKind?.[kind],
  });

  return {
    model: { provider: model.provider, modelId: model.modelId },
    limits,
    sampling,
    templatesFor,
    async run(options) {
      const { task, executor, abortSignal, onEvent } = options;
      const trajectoryId = options.trajectoryId ?? `${task.id}__run-0`;
      const seed = options.seed ?? sampling.seed;
      const templates = templatesFor(task.kind);
      const startedAt = new Date();
      const submissionType = submissionTypeOf(task.kind);
      const sentinel = sentinels[0]!;
      const workdir = executor.workdir;
      const absoluteReportPath = reportPath.startsWith('/') ? reportPath : `${workdir.replace(/\/$/, '')}/${reportPath}`;
      const submitCommand =
        submissionType === 'diff' ? `echo ${sentinel} && ${diffCommand}` : `echo ${sentinel} && head -c 128k ${absoluteReportPath}`;
      const commonVariables: TemplateVariables = {
        workdir,
        sentinel,
        submitCommand,
        reportPath: absoluteReportPath,
        stepLimit: limits.stepLimit,
        commandTimeoutSeconds: limits.commandTimeoutMs / 1000,
        contextLimitTokens: limits.contextLimitTokens,
      };
      const render = (name: keyof PromptTemplates, variables: TemplateVariables) =>
        renderTemplate(templates[name], { ...commonVariables, ...variables }, { templateName: `templates.${task.kind}.${name}` });
      const taskVariables = taskPromptVariables(task);
      const systemPrompt = render('system', taskVariables);
      const instancePrompt = render('instance', taskVariables);

      const messages: ModelV1Message[] = [
        { role: 'system', content: systemPrompt },
        { role: 'user', content: instancePrompt },
      ];
      const steps: TrajectoryStep[] = [];
      const guard = createRepetitionGuard({ warnAt: limits.repetitionWarnAt, stopAt: limits.repetitionStopAt });
      // The model's commands that timed out since the last one that finished.
      let consecutiveTimeouts = 0;
      let inputTokens = 0;
      let outputTokens = 0;
      let costUsd = 0;
      let costKnown = false;
      // Tokens of messages[0, knownLength) as the provider counted them in the last call.
      let knownTokens = 0;
      let knownLength = 0;
      const contextTokens = () =>
        knownTokens + messages.slice(knownLength).reduce((sum, message) => sum + estimateTokens(message.content), 0);

      const exec = async (command: string, timeoutMs: number, merge: boolean, maxOutputBytes = limits.commandOutputLimitBytes) => {
        try {
          return await executor.exec({
            command: merge ? `exec 2>&1\n${command}` : command,
            timeoutMs,
            maxOutputBytes,
            env: commandEnv,
            abortSignal,
          });
        } catch (error) {
          if (abortSignal?.aborted) throw new RunEnd('aborted', abortReason(abortSignal));
          throw new RunEnd('error', `sandbox: ${messageOf(error)}`);
        }
      };
      const outputOf = (result: SandboxExecResultV1) => (mergeStderr ? result.stdout : `${result.stdout}${result.stderr}`);
      const observe = (result: SandboxExecResultV1) => {
        const cut = cutOutput(outputOf(result), limits.observationLimitCharacters);
        const returnCode = result.exitCode === null ? -1 : result.exitCode;
        return cut.truncated
          ? render('observationTruncated', {
              returnCode,
              outputHead: cut.head,
              outputTail: cut.tail,
              elidedCharacters: cut.elidedCharacters,
            })
          : render('observation', { returnCode, output: cut.output });
      };
      const emit = async (event: AgentEvent) => {
        if (onEvent) await onEvent(event);
      };

      await emit({ type: 'run-start', trajectoryId, taskId: task.id, systemPrompt, instancePrompt });
      let end: RunEnd;
      try {
        for (;;) {
          const stepStarted = performance.now();
          if (abortSignal?.aborted) throw new RunEnd('aborted', abortReason(abortSignal));
          if (steps.length >= limits.stepLimit) {
            throw new RunEnd('step-limit', `reached the step limit of ${limits.stepLimit} model calls`);
          }
          if (limits.costLimitUsd !== undefined && costUsd >= limits.costLimitUsd) {
            throw new RunEnd('cost-limit', `spent $${costUsd.toFixed(4)}, at or over the cost limit of $${limits.costLimitUsd}`);
          }
          const promptTokens = contextTokens();
          if (promptTokens > limits.contextLimitTokens) {
            throw new RunEnd(
              'context-limit',
              `the conversation holds about ${promptTokens} tokens, over the context limit of ${limits.contextLimitTokens}`,
            );
          }

          const modelStarted = performance.now();
          let result: ModelV1Result;
          try {
            result = await model.generate({
              ...sampling,
              ...(seed === undefined ? {} : { seed }),
              messages: [...messages],
              abortSignal,
            });
          } catch (error) {
            if (abortSignal?.aborted) throw new RunEnd('aborted', abortReason(abortSignal));
            if (isContextOverflow(error)) {
              throw new RunEnd('context-limit', `the model server rejected the prompt as too long: ${messageOf(error)}`);
            }
            throw new RunEnd('error', `model ${model.provider}:${model.modelId}: ${messageOf(error)}`);
          }
          const modelDurationMs = performance.now() - modelStarted;
          const text = result.text;
          const stepInputTokens = result.usage.inputTokens ?? promptTokens;
          const stepOutputTokens = result.usage.outputTokens ?? estimateTokens(text);
          inputTokens += stepInputTokens;
          outputTokens += stepOutputTokens;
          if (result.costUsd !== undefined) {
            costUsd += result.costUsd;
            costKnown = true;
          }
          messages.push({ role: 'assistant', content: text });
          if (result.usage.inputTokens !== undefined) {
            knownTokens = result.usage.inputTokens;
            knownLength = messages.length - 1;
          }

          const { actions, thought } = parseBashActions(text, actionPattern);
          const repetition = guard.observe(text);
          const step: TrajectoryStep = {
            index: steps.length,
            thought,
            action: actions.length === 1 ? actions[0]! : null,
            rawOutput: text,
            observation: '',
            exitCode: null,
            modelDurationMs,
            actionDurationMs: 0,
            inputTokens: stepInputTokens,
            outputTokens: stepOutputTokens,
            flags: { malformed: actions.length !== 1, timedOut: false, repeated: repetition.count > 1, lossMasked: false },
          };
          const finishStep = async () => {
            messages.push({ role: 'user', content: step.observation });
            steps.push(step);
            const context = contextTokens();
            await emit({ type: 'step-end', trajectoryId, step, stepDurationMs: performance.now() - stepStarted, contextTokens: context });
          };

          if (repetition.verdict === 'stop') {
            step.observation = `Stopped: the same reply came ${repetition.count} times.`;
            steps.push(step);
            const context = contextTokens();
            await emit({ type: 'step-end', trajectoryId, step, stepDurationMs: performance.now() - stepStarted, contextTokens: context });
            const repeatedAt = steps.filter((earlier) => earlier.rawOutput.trim() === text.trim()).map((earlier) => earlier.index);
            throw new RunEnd(
              'repetition',
              `the same reply came ${repetition.count} times (steps ${repeatedAt.join(', ')}); the limit is ${limits.repetitionStopAt}`,
            );
          }
          if (repetition.verdict === 'warn') {
            const actionStarted = performance.now();
            const listing = await exec('ls -lh', 10_000, true);
            step.actionDurationMs = performance.now() - actionStarted;
            step.observation = render('repetitionWarning', { count: repetition.count, listing: outputOf(listing).trimEnd() });
            await finishStep();
            continue;
          }
          if (step.action === null) {
            step.observation = render('formatError', { actionCount: actions.length });
            await finishStep();
            continue;
          }

          const actionStarted = performance.now();
          const executed = await exec(step.action, limits.commandTimeoutMs, mergeStderr);
          step.actionDurationMs = performance.now() - actionStarted;
          if (executed.aborted || abortSignal?.aborted) {
            throw new RunEnd('aborted', abortSignal ? abortReason(abortSignal) : 'the command was aborted');
          }
          if (executed.timedOut) {
            step.flags.timedOut = true;
            const cut = cutOutput(outputOf(executed), limits.observationLimitCharacters);
            step.observation = render('timeout', {
              action: step.action,
              output: cut.truncated ? `${cut.head}\n[... ${cut.elidedCharacters} characters elided ...]\n${cut.tail}` : cut.output,
            });
            await finishStep();
            consecutiveTimeouts += 1;
            if (consecutiveTimeouts >= limits.maxConsecutiveCommandTimeouts) {
              const seconds = limits.commandTimeoutMs / 1000;
              throw new RunEnd(
                'command-timeout',
                consecutiveTimeouts === 1
                  ? `the command timed out (limit ${seconds} s): ${shortenCommand(step.action)}`
                  : `${consecutiveTimeouts} commands in a row timed out (limit ${seconds} s each): ${shortenCommand(step.action)}`,
              );
            }
            continue;
          }
          consecutiveTimeouts = 0;
          step.exitCode = executed.exitCode;
          step.observation = observe(executed);
          const output = outputOf(executed);
          const lines = output.trimStart().split('\n');
          const submitted = executed.exitCode === 0 && sentinels.includes((lines[0] ?? '').trim());
          await finishStep();
          if (!submitted) continue;

          if (submissionType === 'report') {
            throw new RunEnd('submitted', 'the agent submitted its report', { type: 'report', text: lines.slice(1).join('\n') });
          }
          const diff = await exec(diffCommand, Math.max(limits.commandTimeoutMs, 120_000), false, 256 * 1024 * 1024);
          if (diff.exitCode !== 0 || diff.timedOut || diff.stdoutTruncated) {
            const why = diff.timedOut
              ? 'timed out'
              : diff.stdoutTruncated
                ? 'printed more than 256 MiB'
                : `exited with ${diff.exitCode}: ${diff.stderr.trim().slice(-500)}`;
            throw new RunEnd('error', `the agent submitted, but collecting the diff with '${diffCommand}' ${why}`);
          }
          throw new RunEnd('submitted', 'the agent submitted its changes', { type: 'diff', diff: diff.stdout });
        }
      } catch (error) {
        if (!(error instanceof RunEnd)) throw error;
        end = error;
      }

      const settingsRecord: SamplingSettings = pickSamplingSettings({ ...sampling, ...(seed === undefined ? {} : { seed }) });
      const endedAt = new Date();
      const trajectory = trajectorySchema.parse({
        schemaVersion: 1,
        id: trajectoryId,
        taskId: task.id,
        taskKind: task.kind,
        model: { provider: model.provider, modelId: model.modelId },
        settings: settingsRecord,
        systemPrompt,
        initialMessages: [{ role: 'user', content: instancePrompt }],
        steps,
        outcome: end.outcome,
        outcomeReason: end.reason,
        submission: end.submission,
        usage: { inputTokens, outputTokens, modelCalls: steps.length, costUsd: costKnown ? costUsd : null },
        startedAt: startedAt.toISOString(),
        endedAt: (endedAt < startedAt ? startedAt : endedAt).toISOString(),
        cutoff: task.snapshot.cutoff,
      } satisfies Trajectory);
      await emit({ type: 'run-end', trajectory });
      return trajectory;
    },
  };
}

function pickSamplingSettings(settings: NonNullable<BashAgentSettings['sampling']>): SamplingSettings {
  const picked: { -readonly [Key in keyof SamplingSettings]: SamplingSettings[Key] } = {};
  if (settings.temperature !== undefined) picked.temperature = settings.temperature;
  if (settings.topP !== undefined) picked.topP = settings.topP;
  if (settings.topK !== undefined) picked.topK = settings.topK;
  if (settings.repetitionPenalty !== undefined) picked.repetitionPenalty = settings.repetitionPenalty;
  if (settings.maxOutputTokens !== undefined) picked.maxOutputTokens = settings.maxOutputTokens;
  if (settings.stop !== undefined && settings.stop.length > 0) picked.stop = [...settings.stop];
  if (settings.seed !== undefined) picked.seed = settings.seed;
  return picked;
}

/** A command on one line, cut to about 80 characters, for an outcome reason. */
function shortenCommand(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}

function isContextOverflow(error: unknown): boolean {
  if (!ApiCallError.isInstance(error)) return false;
  if (error.statusCode !== 400 && error.statusCode !== 413) return false;
  return CONTEXT_OVERFLOW.test(`${error.message}\n${error.responseBody ?? ''}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return `aborted: ${reason instanceof Error ? reason.message : String(reason ?? 'no reason given')}`;
}

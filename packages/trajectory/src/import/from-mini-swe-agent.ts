import {
  parseWithSchema,
  stableId,
  trajectorySchema,
  type ChatMessage,
  type ParseLocation,
  type Trajectory,
  type TrajectoryOutcome,
  type TrajectoryStep,
} from '@swespot/core';
import { z } from 'zod';
import type { ImportSettings } from './import-settings';
import {
  contentText,
  samplingFromModelKwargs,
  secondsToIso,
  submissionFromText,
  timeoutPattern,
} from './native-helpers';
import { parseBashAction } from './parse-bash-action';

const looseRecord = z.record(z.string(), z.unknown());

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  tool_calls: z.array(toolCallSchema).nullish(),
  timestamp: z.number().optional(),
  extra: looseRecord.optional(),
});

/**
 * A mini-swe-agent trajectory file (`<instance_id>.traj.json`), tolerant: the fields the
 * importer reads, anything else allowed. `trajectory_format` is `mini-swe-agent-1` (v1.x:
 * text actions, `timestamp` on every message) or `mini-swe-agent-1.1` (v2.x: `extra` on
 * messages, tool calls, a final `exit` message).
 */
export const miniSweAgentFileSchema = z.looseObject({
  trajectory_format: z.string().optional(),
  instance_id: z.string().optional(),
  info: z
    .looseObject({
      exit_status: z.string().nullish(),
      submission: z.string().nullish(),
      exception_str: z.string().nullish(),
      model_stats: z.looseObject({ instance_cost: z.number().optional(), api_calls: z.number().optional() }).optional(),
      config: z
        .looseObject({
          model: z.looseObject({ model_name: z.string().optional(), model_kwargs: looseRecord.optional() }).optional(),
          agent: z.looseObject({ step_limit: z.number().optional(), cost_limit: z.number().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  messages: z.array(messageSchema),
});

/** A mini-swe-agent trajectory file. See {@link miniSweAgentFileSchema}. */
export type MiniSweAgentFile = z.infer<typeof miniSweAgentFileSchema>;
type MiniSweAgentMessage = z.infer<typeof messageSchema>;

/** Maps mini-swe-agent's `exit_status` (an exception class name) to a core outcome. */
function outcomeOf(file: MiniSweAgentFile, stepCount: number): TrajectoryOutcome {
  const status = file.info?.exit_status ?? '';
  switch (status) {
    case 'Submitted':
      return 'submitted';
    case 'LimitsExceeded': {
      const stepLimit = file.info?.config?.agent?.step_limit ?? 0;
      return stepLimit > 0 && stepCount >= stepLimit ? 'step-limit' : 'cost-limit';
    }
    case 'ContextWindowExceeded':
      return 'context-limit';
    case 'Repetition':
      return 'repetition';
    case 'ExecutionTimeoutError':
      return 'command-timeout';
    case 'TimeExceeded':
    case 'Aborted':
    case 'KeyboardInterrupt':
      return 'aborted';
    default:
      return 'error';
  }
}

function timestampOf(message: MiniSweAgentMessage): number | undefined {
  if (typeof message.timestamp === 'number') return message.timestamp;
  const fromExtra = message.extra?.timestamp;
  return typeof fromExtra === 'number' ? fromExtra : undefined;
}

function usageOf(message: MiniSweAgentMessage): { inputTokens: number; outputTokens: number } {
  const response = message.extra?.response;
  const usage = typeof response === 'object' && response !== null ? (response as { usage?: unknown }).usage : undefined;
  const read = (key: string): number => {
    const value = typeof usage === 'object' && usage !== null ? (usage as Record<string, unknown>)[key] : undefined;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
  };
  return { inputTokens: read('prompt_tokens'), outputTokens: read('completion_tokens') };
}

/** Renders tool calls the way Qwen's hermes agent template does, so text-only consumers see the call. */
function renderToolCalls(toolCalls: NonNullable<MiniSweAgentMessage['tool_calls']>): string {
  return toolCalls
    .map((call) => {
      let argumentsValue: unknown = call.function.arguments;
      try {
        argumentsValue = JSON.parse(call.function.arguments);
      } catch {
        // keep the raw string: the model produced arguments that are not JSON
      }
      return `<tool_call>\n${JSON.stringify({ name: call.function.name, arguments: argumentsValue })}\n</tool_call>`;
    })
    .join('\n');
}

function actionOf(message: MiniSweAgentMessage, thoughtSource: string): { thought: string; action: string | null } {
  const actions = message.extra?.actions;
  if (Array.isArray(actions)) {
    const commands = actions
      .map((action: unknown) => (typeof action === 'object' && action !== null ? (action as { command?: unknown }).command : undefined))
      .filter((command): command is string => typeof command === 'string');
    if (message.tool_calls && message.tool_calls.length > 0) {
      return { thought: thoughtSource.trim(), action: commands.length > 0 ? commands.join('\n') : null };
    }
    const parsed = parseBashAction(thoughtSource);
    return { thought: parsed.thought, action: commands.length > 0 ? commands.join('\n') : parsed.action };
  }
  if (message.tool_calls && message.tool_calls.length > 0) {
    const commands = message.tool_calls.map((call) => {
      try {
        const parsed: unknown = JSON.parse(call.function.arguments);
        return typeof parsed === 'object' && parsed !== null && typeof (parsed as { command?: unknown }).command === 'string'
          ? (parsed as { command: string }).command
          : undefined;
      } catch {
        return undefined;
      }
    });
    const valid = commands.filter((command): command is string => command !== undefined);
    return { thought: thoughtSource.trim(), action: valid.length === commands.length ? valid.join('\n') : null };
  }
  return parseBashAction(thoughtSource);
}

function exitCodeOf(observations: readonly MiniSweAgentMessage[], text: string): number | null {
  for (const message of observations) {
    const code = message.extra?.returncode;
    if (typeof code === 'number' && Number.isInteger(code)) return code;
  }
  const match = /<returncode>(-?\d+)<\/returncode>|"returncode":\s*(-?\d+)/.exec(text);
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? null : Number(digits);
}

/** A format-error observation of v2, which carries the rejected model output in `extra`. */
function isFormatError(message: MiniSweAgentMessage): boolean {
  return message.extra?.interrupt_type === 'FormatError';
}

function formatErrorOutput(message: MiniSweAgentMessage): string {
  const direct = message.extra?.model_response;
  if (typeof direct === 'string') return direct;
  const response = message.extra?.response;
  const choices = typeof response === 'object' && response !== null ? (response as { choices?: unknown }).choices : undefined;
  const first = Array.isArray(choices) ? (choices[0] as { message?: { content?: unknown } } | undefined) : undefined;
  return contentText(first?.message?.content);
}

/**
 * Converts a mini-swe-agent trajectory file (v1 `mini-swe-agent-1` or v2
 * `mini-swe-agent-1.1`, text or tool-call mode) into a core {@link Trajectory}.
 *
 * - The first `system` message is the system prompt; messages before the first model output
 *   are the initial messages.
 * - Each assistant message is one step; the `user`/`tool` messages after it, joined with a
 *   blank line, are its observation. v2 format errors (a `user` message whose `extra` says
 *   `FormatError`) become a malformed step with the rejected output recovered from `extra`.
 * - Tool calls are appended to `rawOutput` in hermes syntax (`<tool_call>{...}</tool_call>`),
 *   and their commands, joined by newlines, are the action.
 * - Exit codes come from `extra.returncode`, else from `<returncode>N</returncode>` in the text.
 *
 * @throws {ValidationError} when `value` is not a mini-swe-agent file or the result is not a valid trajectory.
 */
export function fromMiniSweAgent(value: unknown, settings: ImportSettings = {}, location: ParseLocation = {}): Trajectory {
  const file = parseWithSchema(miniSweAgentFileSchema, value, { ...location, schema: location.schema ?? 'mini-swe-agent trajectory' });
  const messages = file.messages.filter((message) => message.role !== 'exit');
  let position = 0;
  let systemPrompt = '';
  if (messages[0]?.role === 'system') {
    systemPrompt = contentText(messages[0].content);
    position = 1;
  }
  const initialMessages: ChatMessage[] = [];
  while (position < messages.length) {
    const message = messages[position];
    if (message === undefined || message.role === 'assistant' || isFormatError(message)) break;
    const role = message.role === 'system' || message.role === 'assistant' ? message.role : 'user';
    initialMessages.push({ role, content: contentText(message.content) });
    position += 1;
  }

  const steps: TrajectoryStep[] = [];
  let previousTimestamp = messages.slice(0, position).reduce<number | undefined>((latest, message) => timestampOf(message) ?? latest, undefined);
  let inputTokens = 0;
  let outputTokens = 0;
  while (position < messages.length) {
    const message = messages[position];
    if (message === undefined) break;
    position += 1;
    let rawOutput: string;
    let parsed: { thought: string; action: string | null };
    const observations: MiniSweAgentMessage[] = [];
    let malformed = false;
    if (isFormatError(message)) {
      rawOutput = formatErrorOutput(message);
      parsed = { thought: parseBashAction(rawOutput).thought, action: null };
      observations.push(message);
      malformed = true;
    } else {
      const text = contentText(message.content);
      rawOutput = message.tool_calls && message.tool_calls.length > 0 ? [text, renderToolCalls(message.tool_calls)].filter((part) => part !== '').join('\n') : text;
      parsed = actionOf(message, text);
      malformed = parsed.action === null;
      while (position < messages.length) {
        const next = messages[position];
        if (next === undefined || next.role === 'assistant' || isFormatError(next)) break;
        observations.push(next);
        position += 1;
      }
    }
    const observation = observations.map((item) => contentText(item.content)).join('\n\n');
    const usage = usageOf(message);
    inputTokens += usage.inputTokens;
    outputTokens += usage.outputTokens;
    const outputTime = timestampOf(message);
    const lastObservation = observations.at(-1);
    const observationTime = lastObservation === undefined ? undefined : timestampOf(lastObservation);
    const exceptionInfo = observations.map((item) => item.extra?.exception_info).find((info) => typeof info === 'string' && info !== '');
    steps.push({
      index: steps.length,
      thought: parsed.thought,
      action: parsed.action,
      rawOutput,
      observation,
      exitCode: malformed ? null : exitCodeOf(observations, observation),
      modelDurationMs: outputTime !== undefined && previousTimestamp !== undefined ? Math.max(0, (outputTime - previousTimestamp) * 1000) : 0,
      actionDurationMs: outputTime !== undefined && observationTime !== undefined ? Math.max(0, (observationTime - outputTime) * 1000) : 0,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      flags: {
        malformed,
        timedOut: !malformed && (timeoutPattern.test(typeof exceptionInfo === 'string' ? exceptionInfo : '') || timeoutPattern.test(observation)),
        repeated: false,
        lossMasked: false,
      },
    });
    previousTimestamp = observationTime ?? outputTime ?? previousTimestamp;
  }

  const timestamps = file.messages.map(timestampOf).filter((time): time is number => time !== undefined);
  const fallbackTime = settings.startedAt ?? new Date(0).toISOString();
  const startedAt = timestamps.length > 0 ? secondsToIso(Math.min(...timestamps)) : fallbackTime;
  const endedAt = timestamps.length > 0 ? secondsToIso(Math.max(...timestamps)) : startedAt;
  const id = settings.id ?? stableId({ instanceId: file.instance_id ?? null, messages: file.messages.map((message) => [message.role, contentText(message.content)]) }, { prefix: 'mini-swe-agent' });
  const modelName = file.info?.config?.model?.model_name;
  const outcome = outcomeOf(file, steps.length);
  const exceptionText = file.info?.exception_str;
  const trajectory: Trajectory = {
    schemaVersion: 1,
    id,
    taskId: settings.taskId ?? file.instance_id ?? id,
    taskKind: settings.taskKind ?? 'bugfix',
    model: settings.model ?? { provider: 'litellm', modelId: modelName !== undefined && modelName !== '' ? modelName : 'unknown' },
    settings: settings.settings ?? samplingFromModelKwargs(file.info?.config?.model?.model_kwargs),
    systemPrompt,
    initialMessages,
    steps,
    outcome,
    ...(outcome === 'error' || outcome === 'aborted'
      ? { outcomeReason: exceptionText !== undefined && exceptionText !== null && exceptionText !== '' ? exceptionText : file.info?.exit_status ?? 'unknown exit status' }
      : {}),
    submission: outcome === 'submitted' ? submissionFromText(file.info?.submission) : null,
    usage: {
      inputTokens,
      outputTokens,
      modelCalls: Math.max(0, Math.round(file.info?.model_stats?.api_calls ?? steps.length)),
      costUsd: file.info?.model_stats?.instance_cost ?? null,
    },
    startedAt,
    endedAt,
    ...(settings.cutoff === undefined ? {} : { cutoff: settings.cutoff }),
  };
  return parseWithSchema(trajectorySchema, trajectory, { ...location, schema: 'Trajectory' });
}

import {
  parseWithSchema,
  stableId,
  trajectorySchema,
  type ChatMessage,
  type ParseLocation,
  type Trajectory,
  type ToolCall,
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
import { miniSweAgentActionRules, parseBashAction } from './parse-bash-action';

const looseRecord = z.record(z.string(), z.unknown());

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  tool_calls: z.array(toolCallSchema).nullish(),
  tool_call_id: z.string().nullish(),
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
      mini_version: z.string().optional(),
      model_stats: z.looseObject({ instance_cost: z.number().optional(), api_calls: z.number().optional() }).optional(),
      config: z
        .looseObject({
          model: z.looseObject({ model_name: z.string().optional(), model_kwargs: looseRecord.optional(), action_regex: z.string().optional() }).optional(),
          agent: z.looseObject({ step_limit: z.number().optional(), cost_limit: z.number().optional(), action_regex: z.string().optional() }).optional(),
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

/**
 * The text-mode action rule the run's agent applied: the config's `action_regex` when the file
 * has one (mini-swe-agent 1.16+ and 2.x text models), else the default of its version.
 */
function actionRuleOf(file: MiniSweAgentFile): string {
  const configured = file.info?.config?.agent?.action_regex ?? file.info?.config?.model?.action_regex;
  if (configured !== undefined && configured !== '') return configured;
  if (file.trajectory_format !== undefined && file.trajectory_format !== 'mini-swe-agent-1') return miniSweAgentActionRules['v2-text'];
  const [major, minor] = (file.info?.mini_version ?? '').split('.').map(Number);
  return major === 1 && minor !== undefined && minor < 12 ? miniSweAgentActionRules['v1-early'] : miniSweAgentActionRules.v1;
}

type RawToolCall = NonNullable<MiniSweAgentMessage['tool_calls']>[number];

/** The bash command of a tool call under mini-swe-agent 2.x's tool rule (tool `bash`, JSON arguments with `command`), or undefined when the rule rejects it. */
function bashCommandOf(call: RawToolCall): string | undefined {
  if (call.function.name !== 'bash') return undefined;
  try {
    const parsed: unknown = JSON.parse(call.function.arguments);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && typeof (parsed as { command?: unknown }).command === 'string' ? (parsed as { command: string }).command : undefined;
  } catch {
    return undefined;
  }
}

/** Tool calls as core records, with ids (a call without one gets `call_<step>_<n>`) and each call's result message when there is one. */
function toolCallsOf(calls: readonly RawToolCall[], results: readonly MiniSweAgentMessage[], stepIndex: number): ToolCall[] {
  const toolResults = results.filter((message) => message.role === 'tool');
  return calls.map((call, position) => {
    const id = call.id !== undefined && call.id !== null && call.id !== '' ? call.id : `call_${stepIndex}_${position}`;
    const result = toolResults.find((message) => message.tool_call_id === call.id && call.id !== undefined && call.id !== null) ?? (toolResults.length === calls.length ? toolResults[position] : undefined);
    return { id, name: call.function.name, arguments: call.function.arguments, ...(result === undefined ? {} : { output: contentText(result.content) }) };
  });
}

/** The text before the fenced block holding `command` (whatever its fence language), else the thought under `rule`. */
function thoughtBefore(text: string, command: string, rule: string): string {
  const at = command === '' ? -1 : text.indexOf(command);
  if (at === -1) return parseBashAction(text, rule).thought;
  return text.slice(0, at).replace(/```[^\n`]*\n?$/, '').trim();
}

/**
 * The action of an accepted model message: the commands mini-swe-agent recorded in
 * `extra.actions` (2.x), else the tool calls' commands (2.x tool rule), else the text under
 * the run's own action rule (1.x: exactly one match, or a format error).
 */
function actionOf(message: MiniSweAgentMessage, text: string, rule: string): { thought: string; action: string | null } {
  const toolCalls = message.tool_calls ?? [];
  const actions = message.extra?.actions;
  if (Array.isArray(actions)) {
    const commands = actions
      .map((action: unknown) => (typeof action === 'object' && action !== null ? (action as { command?: unknown }).command : undefined))
      .filter((command): command is string => typeof command === 'string');
    if (commands.length > 0) return { thought: toolCalls.length > 0 ? text.trim() : thoughtBefore(text, commands[0] ?? '', rule), action: commands.join('\n') };
  }
  if (toolCalls.length > 0) {
    const commands = toolCalls.map(bashCommandOf);
    const valid = commands.filter((command): command is string => command !== undefined);
    return { thought: text.trim(), action: valid.length === commands.length ? valid.join('\n') : null };
  }
  return parseBashAction(text, rule);
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

/** The rejected model output a v2 format error recorded: its text and its tool calls (from `extra.response`). */
function formatErrorOutput(message: MiniSweAgentMessage): { text: string; toolCalls: RawToolCall[] } {
  const response = message.extra?.response;
  const choices = typeof response === 'object' && response !== null ? (response as { choices?: unknown }).choices : undefined;
  const first = Array.isArray(choices) ? (choices[0] as { message?: { content?: unknown; tool_calls?: unknown } } | undefined) : undefined;
  const parsedCalls = z.array(toolCallSchema).safeParse(first?.message?.tool_calls ?? []);
  const direct = message.extra?.model_response;
  return { text: typeof direct === 'string' ? direct : contentText(first?.message?.content), toolCalls: parsedCalls.success ? parsedCalls.data : [] };
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
 * - Native tool calls (2.x) are kept as the step's `toolCalls` (with each call's `tool` result
 *   message), the text content is `rawOutput`, and the commands, joined by newlines, are the
 *   action; a format error keeps the rejected calls from `extra.response`.
 * - A step is malformed exactly when the agent rejected it: in 1.x, when its own action rule
 *   (the config's `action_regex`, else its version's default, see `miniSweAgentActionRules`)
 *   does not find exactly one action; in 2.x, when the run recorded a format error. Fenced
 *   blocks in other languages are quotes and do not count.
 * - Exit codes come from `extra.returncode`, else from `<returncode>N</returncode>` in the text.
 *
 * @throws {ValidationError} when `value` is not a mini-swe-agent file or the result is not a valid trajectory.
 */
export function fromMiniSweAgent(value: unknown, settings: ImportSettings = {}, location: ParseLocation = {}): Trajectory {
  const file = parseWithSchema(miniSweAgentFileSchema, value, { ...location, schema: location.schema ?? 'mini-swe-agent trajectory' });
  const rule = actionRuleOf(file);
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
    let calls: RawToolCall[];
    if (isFormatError(message)) {
      const rejected = formatErrorOutput(message);
      rawOutput = rejected.text;
      calls = rejected.toolCalls;
      parsed = { thought: rawOutput.trim(), action: null };
      observations.push(message);
      malformed = true;
    } else {
      rawOutput = contentText(message.content);
      calls = message.tool_calls ?? [];
      parsed = actionOf(message, rawOutput, rule);
      malformed = parsed.action === null;
      while (position < messages.length) {
        const next = messages[position];
        if (next === undefined || next.role === 'assistant' || isFormatError(next)) break;
        observations.push(next);
        position += 1;
      }
    }
    const toolCalls = toolCallsOf(calls, observations, steps.length);
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
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
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
    schemaVersion: steps.some((step) => step.toolCalls !== undefined) ? 2 : 1,
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

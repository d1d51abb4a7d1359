import {
  parseWithSchema,
  ValidationError,
  stableId,
  trajectorySchema,
  type ChatMessage,
  type ParseLocation,
  type ToolCall,
  type Trajectory,
  type TrajectoryOutcome,
  type TrajectoryStep,
} from '@swespot/core';
import { z } from 'zod';
import type { ImportSettings } from './import-settings';
import { contentText, samplingFromModelKwargs, submissionFromText, timeoutPattern } from './native-helpers';

const looseRecord = z.record(z.string(), z.unknown());

const historyToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.union([z.string(), looseRecord]) }),
});

const historyItemSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  message_type: z.string().optional(),
  agent: z.string().optional(),
  is_demo: z.boolean().optional(),
  thought: z.string().nullish(),
  action: z.string().nullish(),
  tool_calls: z.array(historyToolCallSchema).nullish(),
  tool_call_ids: z.array(z.string()).nullish(),
});

type HistoryItem = z.infer<typeof historyItemSchema>;

const stepSchema = z.looseObject({
  action: z.string().nullish(),
  observation: z.unknown().optional(),
  response: z.string().nullish(),
  thought: z.string().nullish(),
  execution_time: z.number().optional(),
  extra_info: looseRecord.optional(),
});

/**
 * A SWE-agent trajectory file (`<instance_id>.traj`, SWE-agent 1.x), tolerant: `trajectory`
 * (one entry per step: `response`, `thought`, `action`, `observation`, `execution_time`),
 * `history` (the chat messages: system and task prompts, and with function calling each
 * assistant message's `tool_calls` and each result's `tool_call_ids`) and `info`
 * (`exit_status`, `submission`, `model_stats`). A demonstration may hold `history` alone.
 */
export const sweAgentFileSchema = z.looseObject({
  environment: z.string().optional(),
  trajectory: z.array(stepSchema).optional(),
  history: z.array(historyItemSchema).optional(),
  info: z
    .looseObject({
      exit_status: z.string().nullish(),
      submission: z.string().nullish(),
      swe_agent_version: z.string().optional(),
      model_stats: z
        .looseObject({
          instance_cost: z.number().optional(),
          tokens_sent: z.number().optional(),
          tokens_received: z.number().optional(),
          api_calls: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  replay_config: z.unknown().optional(),
});

/** A SWE-agent trajectory file. See {@link sweAgentFileSchema}. */
export type SweAgentFile = z.infer<typeof sweAgentFileSchema>;

/** One model turn in `history`: the assistant message and the messages answering it. */
interface HistoryTurn {
  message: HistoryItem;
  results: HistoryItem[];
}

function argumentsText(value: string | Record<string, unknown>): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The native tool calls of a history turn, each with its result message (by `tool_call_ids`, else the only result). */
function toolCallsOf(turn: HistoryTurn, stepIndex: number): ToolCall[] {
  const calls = turn.message.tool_calls ?? [];
  return calls.map((call, position) => {
    const id = call.id !== undefined && call.id !== null && call.id !== '' ? call.id : `call_${stepIndex}_${position}`;
    const result = turn.results.find((item) => call.id !== undefined && call.id !== null && (item.tool_call_ids ?? []).includes(call.id)) ?? (calls.length === 1 && turn.results.length === 1 ? turn.results[0] : undefined);
    return { id, name: call.function.name, arguments: argumentsText(call.function.arguments), ...(result === undefined ? {} : { output: contentText(result.content) }) };
  });
}

/** Maps SWE-agent's `exit_status` (`submitted`, `exit_cost`, `exit_context`, `submitted (exit_cost)`, ...) to a core outcome. */
function outcomeOf(status: string): TrajectoryOutcome {
  if (status === 'submitted') return 'submitted';
  if (status.includes('exit_cost')) return 'cost-limit';
  if (status.includes('exit_context')) return 'context-limit';
  if (status.includes('exit_step') || status.includes('exit_api_calls')) return 'step-limit';
  if (status.includes('exit_repetition')) return 'repetition';
  if (status.includes('exit_command_timeout')) return 'command-timeout';
  if (status.includes('exit_forfeit') || status.includes('exit_total_execution_time')) return 'aborted';
  return 'error';
}

/** The `model` settings of a SWE-agent replay config (a JSON string or object), when present. */
function modelConfigOf(replayConfig: unknown): { name?: string; kwargs: Record<string, unknown> } {
  let config: unknown = replayConfig;
  if (typeof config === 'string') {
    try {
      config = JSON.parse(config);
    } catch {
      return { kwargs: {} };
    }
  }
  const agent = typeof config === 'object' && config !== null ? (config as { agent?: unknown }).agent : undefined;
  const model = typeof agent === 'object' && agent !== null ? (agent as { model?: unknown }).model : undefined;
  if (typeof model !== 'object' || model === null) return { kwargs: {} };
  const record = model as Record<string, unknown>;
  return {
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    kwargs: { temperature: record.temperature, top_p: record.top_p, ...(typeof record.completion_kwargs === 'object' && record.completion_kwargs !== null ? (record.completion_kwargs as Record<string, unknown>) : {}) },
  };
}

/**
 * Converts a SWE-agent 1.x trajectory file into a core {@link Trajectory}. Each entry of
 * `trajectory` is one step (`response` is the raw output, `thought` and `action` as SWE-agent
 * parsed them, `execution_time` in seconds); the system prompt and the messages before the
 * first model output (demonstrations included) come from `history`. With function calling
 * (SWE-agent 1.x's default), each step keeps the native tool calls of its `history` message
 * (`create`, `edit`, `bash`, ...) with their result messages, matched by action; a file with
 * `history` alone (a demonstration) makes one step per assistant message. SWE-agent records no
 * exit codes, so `exitCode` is null. A step is malformed when SWE-agent's own parser would
 * reject it: an empty action, or, with function calling, not exactly one tool call.
 *
 * @throws {ValidationError} when `value` is not a SWE-agent file or the result is not a valid trajectory.
 */
export function fromSweAgent(value: unknown, settings: ImportSettings = {}, location: ParseLocation = {}): Trajectory {
  const file = parseWithSchema(sweAgentFileSchema, value, { ...location, schema: location.schema ?? 'SWE-agent trajectory' });
  const history = file.history ?? [];
  if (file.trajectory === undefined && history.length === 0) {
    throw new ValidationError({ issues: [{ path: 'trajectory', message: 'A SWE-agent file needs `trajectory` (its steps) or `history` (its messages); this one has neither' }], ...location, schema: location.schema ?? 'SWE-agent trajectory' });
  }
  let systemPrompt = '';
  const initialMessages: ChatMessage[] = [];
  let position = 0;
  for (; position < history.length; position += 1) {
    const item = history[position];
    if (item === undefined || (item.role === 'assistant' && item.is_demo !== true)) break;
    const text = contentText(item.content);
    if (item.role === 'system' && systemPrompt === '' && initialMessages.length === 0) {
      systemPrompt = text;
      continue;
    }
    initialMessages.push({ role: item.role === 'system' || item.role === 'assistant' ? item.role : 'user', content: text });
  }
  const turns: HistoryTurn[] = [];
  for (; position < history.length; position += 1) {
    const item = history[position];
    if (item === undefined || item.is_demo === true) continue;
    if (item.role === 'assistant') turns.push({ message: item, results: [] });
    else turns.at(-1)?.results.push(item);
  }
  // SWE-agent's function-calling parser accepts a model turn only with exactly one tool call.
  const functionCalling = turns.some((turn) => (turn.message.tool_calls ?? []).length > 0);
  const entries = file.trajectory ?? turns.map((turn) => ({
    action: turn.message.action ?? null,
    observation: turn.results.map((item) => contentText(item.content)).join('\n\n'),
    response: contentText(turn.message.content),
    thought: turn.message.thought ?? contentText(turn.message.content),
  }));
  let nextTurn = 0;
  const steps: TrajectoryStep[] = entries.map((entry, index) => {
    const action = entry.action === undefined || entry.action === null || entry.action.trim() === '' ? null : entry.action;
    const observation = contentText(entry.observation);
    // The turn in history that produced this step: the next one with the same action (history may lack the last step).
    const turnIndex = turns.findIndex((turn, at) => at >= nextTurn && (turn.message.action ?? null) === (entry.action ?? null));
    const turn = turnIndex === -1 ? undefined : turns[turnIndex];
    if (turnIndex !== -1) nextTurn = turnIndex + 1;
    const toolCalls = turn === undefined ? [] : toolCallsOf(turn, index);
    const malformed = action === null || (functionCalling && turn !== undefined && toolCalls.length !== 1);
    return {
      index,
      thought: entry.thought ?? '',
      action,
      rawOutput: entry.response ?? '',
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      observation,
      exitCode: null,
      modelDurationMs: 0,
      actionDurationMs: Math.max(0, ('execution_time' in entry ? entry.execution_time ?? 0 : 0) * 1000),
      inputTokens: 0,
      outputTokens: 0,
      flags: { malformed, timedOut: timeoutPattern.test(observation), repeated: false, lossMasked: false },
    };
  });
  const status = file.info?.exit_status ?? '';
  const outcome = outcomeOf(status);
  const model = modelConfigOf(file.replay_config);
  const stats = file.info?.model_stats;
  const id = settings.id ?? stableId({ trajectory: entries.map((entry) => [entry.response ?? '', contentText(entry.observation)]) }, { prefix: 'swe-agent' });
  const time = settings.startedAt ?? new Date(0).toISOString();
  const totalActionMs = steps.reduce((sum, step) => sum + step.actionDurationMs, 0);
  const trajectory: Trajectory = {
    schemaVersion: steps.some((step) => step.toolCalls !== undefined) ? 2 : 1,
    id,
    taskId: settings.taskId ?? id,
    taskKind: settings.taskKind ?? 'bugfix',
    model: settings.model ?? { provider: 'litellm', modelId: model.name ?? 'unknown' },
    settings: settings.settings ?? samplingFromModelKwargs(model.kwargs),
    systemPrompt,
    initialMessages,
    steps,
    outcome,
    ...(outcome === 'submitted' ? {} : { outcomeReason: status === '' ? 'no exit status' : status }),
    submission: submissionFromText(file.info?.submission),
    usage: {
      inputTokens: Math.max(0, Math.round(stats?.tokens_sent ?? 0)),
      outputTokens: Math.max(0, Math.round(stats?.tokens_received ?? 0)),
      modelCalls: Math.max(0, Math.round(stats?.api_calls ?? steps.length)),
      costUsd: stats?.instance_cost ?? null,
    },
    startedAt: time,
    endedAt: new Date(Date.parse(time) + totalActionMs).toISOString(),
    ...(settings.cutoff === undefined ? {} : { cutoff: settings.cutoff }),
  };
  return parseWithSchema(trajectorySchema, trajectory, { ...location, schema: 'Trajectory' });
}

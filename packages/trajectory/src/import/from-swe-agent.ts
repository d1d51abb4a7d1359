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
import { contentText, samplingFromModelKwargs, submissionFromText, timeoutPattern } from './native-helpers';

const looseRecord = z.record(z.string(), z.unknown());

const historyItemSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  message_type: z.string().optional(),
  agent: z.string().optional(),
  is_demo: z.boolean().optional(),
});

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
 * `history` (the chat messages, used for the system prompt and the task prompt) and `info`
 * (`exit_status`, `submission`, `model_stats`).
 */
export const sweAgentFileSchema = z.looseObject({
  environment: z.string().optional(),
  trajectory: z.array(stepSchema),
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
 * first model output (demonstrations included) come from `history`. SWE-agent records no exit
 * codes, so `exitCode` is null; an empty action marks the step malformed.
 *
 * @throws {ValidationError} when `value` is not a SWE-agent file or the result is not a valid trajectory.
 */
export function fromSweAgent(value: unknown, settings: ImportSettings = {}, location: ParseLocation = {}): Trajectory {
  const file = parseWithSchema(sweAgentFileSchema, value, { ...location, schema: location.schema ?? 'SWE-agent trajectory' });
  const history = file.history ?? [];
  let systemPrompt = '';
  const initialMessages: ChatMessage[] = [];
  for (const item of history) {
    if (item.role === 'assistant' && item.is_demo !== true) break;
    const text = contentText(item.content);
    if (item.role === 'system' && systemPrompt === '' && initialMessages.length === 0) {
      systemPrompt = text;
      continue;
    }
    initialMessages.push({ role: item.role === 'system' || item.role === 'assistant' ? item.role : 'user', content: text });
  }
  const steps: TrajectoryStep[] = file.trajectory.map((entry, index) => {
    const action = entry.action === undefined || entry.action === null || entry.action.trim() === '' ? null : entry.action;
    const observation = contentText(entry.observation);
    return {
      index,
      thought: entry.thought ?? '',
      action,
      rawOutput: entry.response ?? '',
      observation,
      exitCode: null,
      modelDurationMs: 0,
      actionDurationMs: Math.max(0, (entry.execution_time ?? 0) * 1000),
      inputTokens: 0,
      outputTokens: 0,
      flags: { malformed: action === null, timedOut: timeoutPattern.test(observation), repeated: false, lossMasked: false },
    };
  });
  const status = file.info?.exit_status ?? '';
  const outcome = outcomeOf(status);
  const model = modelConfigOf(file.replay_config);
  const stats = file.info?.model_stats;
  const id = settings.id ?? stableId({ trajectory: file.trajectory.map((entry) => [entry.response ?? '', contentText(entry.observation)]) }, { prefix: 'swe-agent' });
  const time = settings.startedAt ?? new Date(0).toISOString();
  const totalActionMs = steps.reduce((sum, step) => sum + step.actionDurationMs, 0);
  const trajectory: Trajectory = {
    schemaVersion: 1,
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

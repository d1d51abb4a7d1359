import { InvalidArgumentError, type Trajectory, type TrajectoryOutcome } from '@swespot/core';
import type { MiniSweAgentFile } from './from-mini-swe-agent';
import { samplingToModelKwargs, submissionToText } from './native-helpers';

/** Options of {@link toMiniSweAgent}. */
export interface ToMiniSweAgentOptions {
  /**
   * The layout: `mini-swe-agent-1` (v1.x: `timestamp` on messages, format errors as plain user
   * messages) or `mini-swe-agent-1.1` (v2.x: `extra` with `actions` and `returncode`, a final
   * `exit` message). Default `mini-swe-agent-1.1`.
   */
  trajectoryFormat?: 'mini-swe-agent-1' | 'mini-swe-agent-1.1';
}

function exitStatusOf(outcome: TrajectoryOutcome, reason: string | undefined): string {
  switch (outcome) {
    case 'submitted':
      return 'Submitted';
    case 'step-limit':
    case 'cost-limit':
      return 'LimitsExceeded';
    case 'context-limit':
      return 'ContextWindowExceeded';
    case 'repetition':
      return 'Repetition';
    case 'command-timeout':
      // mini-swe-agent never ends a run for timeouts; this is the class name of its timeout exception.
      return 'ExecutionTimeoutError';
    case 'aborted':
      return 'Aborted';
    case 'error':
      return reason !== undefined && /^[A-Za-z]+$/.test(reason) ? reason : 'Error';
  }
}

/** The `command` argument of a bash tool call, else its raw arguments. */
function commandOf(argumentsText: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { command?: unknown }).command === 'string') return (parsed as { command: string }).command;
  } catch {
    // not JSON: keep the text
  }
  return argumentsText;
}

/**
 * Writes a core trajectory as a mini-swe-agent `.traj.json` object, so tools built for
 * mini-swe-agent (its inspector, SWE-smith's `traj_mgr`) can read swespot rollouts. Steps
 * become an assistant message (`rawOutput`) and a user observation; malformed steps become a
 * format-error message. Durations are kept as timestamps from `startedAt`. Per-step token
 * counts go into `extra.response.usage` (v2 layout only). Native tool calls become the
 * assistant message's `tool_calls` and one `tool` message per result (v2 layout only).
 *
 * @throws {InvalidArgumentError} when a step has tool calls and the layout is `mini-swe-agent-1`.
 */
export function toMiniSweAgent(trajectory: Trajectory, options: ToMiniSweAgentOptions = {}): MiniSweAgentFile {
  const format = options.trajectoryFormat ?? 'mini-swe-agent-1.1';
  const version2 = format === 'mini-swe-agent-1.1';
  let clock = Date.parse(trajectory.startedAt) / 1000;
  const stamp = (extra: Record<string, unknown> = {}): { timestamp?: number; extra?: Record<string, unknown> } =>
    version2 ? { extra: { ...extra, timestamp: clock } } : { timestamp: clock };
  const messages: MiniSweAgentFile['messages'] = [];
  messages.push({ role: 'system', content: trajectory.systemPrompt, ...stamp() });
  for (const message of trajectory.initialMessages) messages.push({ role: message.role, content: message.content, ...stamp() });
  for (const step of trajectory.steps) {
    clock += step.modelDurationMs / 1000;
    const usage = { prompt_tokens: step.inputTokens, completion_tokens: step.outputTokens };
    if (step.flags.malformed && version2) {
      messages.push({
        role: 'user',
        content: step.observation,
        ...stamp({ interrupt_type: 'FormatError', model_response: step.rawOutput, response: { usage } }),
      });
      continue;
    }
    const calls = step.toolCalls ?? [];
    if (calls.length > 0 && !version2) {
      throw new InvalidArgumentError({ argument: 'trajectoryFormat', message: `step ${step.index} has native tool calls, which the mini-swe-agent-1 layout cannot hold; write mini-swe-agent-1.1` });
    }
    messages.push({
      role: 'assistant',
      content: step.rawOutput,
      ...(calls.length > 0 ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) } : {}),
      ...stamp({ actions: step.action === null ? [] : calls.length > 0 ? calls.map((call) => ({ command: commandOf(call.arguments), tool_call_id: call.id })) : [{ command: step.action }], response: { usage } }),
    });
    clock += step.actionDurationMs / 1000;
    const extra = { returncode: step.exitCode, ...(step.flags.timedOut ? { exception_info: 'command timed out' } : {}) };
    if (calls.length > 0 && calls.every((call) => call.output !== undefined)) {
      for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: call.output ?? '', ...stamp(extra) });
      continue;
    }
    messages.push({ role: calls.length === 1 ? 'tool' : 'user', ...(calls.length === 1 ? { tool_call_id: calls[0]?.id } : {}), content: step.observation, ...stamp(extra) });
  }
  const exitStatus = exitStatusOf(trajectory.outcome, trajectory.outcomeReason);
  const submission = submissionToText(trajectory.submission);
  if (version2) messages.push({ role: 'exit', content: exitStatus, extra: { exit_status: exitStatus, submission } });
  return {
    trajectory_format: format,
    instance_id: trajectory.taskId,
    info: {
      exit_status: exitStatus,
      submission,
      ...(trajectory.outcomeReason === undefined ? {} : { exception_str: trajectory.outcomeReason }),
      model_stats: { instance_cost: trajectory.usage.costUsd ?? 0, api_calls: trajectory.usage.modelCalls },
      config: {
        model: { model_name: trajectory.model.modelId, model_kwargs: samplingToModelKwargs(trajectory.settings) },
        agent: { step_limit: trajectory.outcome === 'step-limit' ? trajectory.steps.length : 0 },
      },
      mini_version: 'swespot',
    },
    messages,
  };
}

import type { Trajectory, TrajectoryOutcome } from '@swespot/core';
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

/**
 * Writes a core trajectory as a mini-swe-agent `.traj.json` object, so tools built for
 * mini-swe-agent (its inspector, SWE-smith's `traj_mgr`) can read swespot rollouts. Steps
 * become an assistant message (`rawOutput`) and a user observation; malformed steps become a
 * format-error message. Durations are kept as timestamps from `startedAt`. Per-step token
 * counts go into `extra.response.usage` (v2 layout only).
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
    messages.push({
      role: 'assistant',
      content: step.rawOutput,
      ...stamp({ actions: step.action === null ? [] : [{ command: step.action }], response: { usage } }),
    });
    clock += step.actionDurationMs / 1000;
    messages.push({
      role: 'user',
      content: step.observation,
      ...stamp({ returncode: step.exitCode, ...(step.flags.timedOut ? { exception_info: 'command timed out' } : {}) }),
    });
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

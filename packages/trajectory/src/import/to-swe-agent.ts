import type { Trajectory, TrajectoryOutcome } from '@swespot/core';
import type { SweAgentFile } from './from-swe-agent';
import { submissionToText } from './native-helpers';

function exitStatusOf(outcome: TrajectoryOutcome, reason: string | undefined): string {
  switch (outcome) {
    case 'submitted':
      return 'submitted';
    case 'cost-limit':
      return 'exit_cost';
    case 'context-limit':
      return 'exit_context';
    case 'step-limit':
      return 'exit_api_calls';
    case 'repetition':
      return 'exit_repetition';
    case 'command-timeout':
      return 'exit_command_timeout';
    case 'aborted':
      return reason !== undefined && reason.startsWith('exit_') ? reason : 'exit_forfeit';
    case 'error':
      return reason !== undefined && reason.startsWith('exit_') ? reason : 'exit_error';
  }
}

/**
 * Writes a core trajectory as a SWE-agent 1.x `.traj` object (`trajectory`, `history`, `info`),
 * for tools built on SWE-agent output (its inspector, SWE-smith's `traj_mgr`). Native tool calls
 * go on the history's assistant messages, their results in `tool` messages with `tool_call_ids`. Token totals go
 * to `info.model_stats` (`tokens_sent`, `tokens_received`); exit codes and model durations have
 * no place in the format and are dropped.
 */
export function toSweAgent(trajectory: Trajectory): SweAgentFile {
  const history: NonNullable<SweAgentFile['history']> = [
    { role: 'system', content: trajectory.systemPrompt, agent: 'main', message_type: 'system_prompt' },
    ...trajectory.initialMessages.map((message) => ({ role: message.role, content: message.content, agent: 'main', message_type: 'observation' })),
  ];
  for (const step of trajectory.steps) {
    const calls = step.toolCalls ?? [];
    history.push({
      role: 'assistant',
      content: step.rawOutput,
      thought: step.thought,
      action: step.action ?? '',
      agent: 'main',
      message_type: 'action',
      ...(calls.length > 0 ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) } : {}),
    });
    if (calls.length > 0) history.push({ role: 'tool', content: calls.length === 1 ? calls[0]?.output ?? step.observation : step.observation, agent: 'main', message_type: 'observation', tool_call_ids: calls.map((call) => call.id) });
    else history.push({ role: 'user', content: step.observation, agent: 'main', message_type: 'observation' });
  }
  return {
    environment: 'swespot',
    trajectory: trajectory.steps.map((step) => ({
      action: step.action ?? '',
      observation: step.observation,
      response: step.rawOutput,
      thought: step.thought,
      execution_time: step.actionDurationMs / 1000,
      state: {},
      query: [],
      extra_info: {},
    })),
    history,
    info: {
      exit_status: exitStatusOf(trajectory.outcome, trajectory.outcomeReason),
      submission: submissionToText(trajectory.submission),
      model_stats: {
        instance_cost: trajectory.usage.costUsd ?? 0,
        tokens_sent: trajectory.usage.inputTokens,
        tokens_received: trajectory.usage.outputTokens,
        api_calls: trajectory.usage.modelCalls,
      },
    },
    replay_config: JSON.stringify({ agent: { model: { name: trajectory.model.modelId, temperature: trajectory.settings.temperature ?? null, top_p: trajectory.settings.topP ?? null } } }),
  };
}

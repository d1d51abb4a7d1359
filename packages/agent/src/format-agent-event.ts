import type { AgentEvent } from './agent-event';

const rule = (title: string) => `---------- ${title} ----------\n`;

/**
 * Formats an {@link AgentEvent} as plain text for a per-task log: the prompts at the start,
 * each step's reply, command timing and observation, and the outcome at the end.
 *
 * @example
 * ```ts
 * await agent.run({ task, executor, onEvent: (event) => appendFile(logFile, formatAgentEvent(event)) });
 * ```
 */
export function formatAgentEvent(event: AgentEvent, now: Date = new Date()): string {
  switch (event.type) {
    case 'run-start':
      return (
        `========== ${event.trajectoryId} (task ${event.taskId}) started ${now.toISOString()} ==========\n` +
        rule('system') +
        `${event.systemPrompt.trimEnd()}\n` +
        rule('instance') +
        `${event.instancePrompt.trimEnd()}\n`
      );
    case 'step-end': {
      const { step } = event;
      const flags = Object.entries(step.flags)
        .filter(([, value]) => value)
        .map(([name]) => name);
      const figures = [
        `model ${Math.round(step.modelDurationMs)} ms`,
        `command ${Math.round(step.actionDurationMs)} ms`,
        `exit ${step.exitCode ?? '-'}`,
        `tokens ${step.inputTokens} in / ${step.outputTokens} out`,
        `context ~${event.contextTokens}`,
        ...(flags.length > 0 ? [flags.join(' ')] : []),
      ];
      return (
        rule(`step ${step.index}: ${figures.join(', ')}`) +
        `${step.rawOutput.trimEnd()}\n` +
        rule(`observation ${step.index}`) +
        `${step.observation.trimEnd()}\n`
      );
    }
    case 'run-end': {
      const { trajectory } = event;
      const submitted =
        trajectory.submission === null
          ? 'nothing'
          : trajectory.submission.type === 'diff'
            ? `a diff of ${trajectory.submission.diff.split('\n').length - 1} lines`
            : `a report of ${trajectory.submission.text.length} characters`;
      return (
        `========== ${trajectory.id} ended ${now.toISOString()}: ${trajectory.outcome}` +
        `${trajectory.outcomeReason ? ` (${trajectory.outcomeReason})` : ''}; ${trajectory.steps.length} steps, ` +
        `${trajectory.usage.inputTokens} input and ${trajectory.usage.outputTokens} output tokens; handed in ${submitted} ==========\n`
      );
    }
  }
}

/**
 * `@swespot/agent`: the bash-only agent loop SWE-Spot evaluates with (mini-swe-agent style:
 * one bash block per reply, a fresh shell per command, a submission sentinel, step,
 * context and cost limits, the repetition guard), prompts per task kind, and the
 * resumable rollout runner that writes core `Trajectory` records.
 */
export {
  createBashAgent,
  type BashAgent,
  type BashAgentRunOptions,
} from './create-bash-agent';
export {
  bashAgentLimitsSchema,
  DEFAULT_COMMAND_ENV,
  DEFAULT_SENTINELS,
  type BashAgentLimits,
  type BashAgentSettings,
} from './bash-agent-settings';
export type { AgentEvent } from './agent-event';
export { DEFAULT_PROMPT_TEMPLATES, type PromptTemplates } from './default-prompt-templates';
export { renderTemplate, type RenderTemplateOptions, type TemplateVariables } from './render-template';
export { submissionTypeOf, taskPromptVariables, type SubmissionType } from './task-prompt-variables';
export { DEFAULT_ACTION_PATTERN, parseBashActions, type ParsedBashActions } from './parse-bash-actions';
export { cutOutput, type CutOutput } from './cut-output';
export { estimateTokens } from './estimate-tokens';
export {
  createRepetitionGuard,
  type RepetitionGuard,
  type RepetitionGuardSettings,
  type RepetitionVerdict,
} from './create-repetition-guard';
export { formatAgentEvent } from './format-agent-event';
export {
  rolloutTrajectoryId,
  runRollouts,
  type RolloutRunResult,
  type RolloutSummary,
  type RunRolloutsOptions,
} from './run-rollouts';

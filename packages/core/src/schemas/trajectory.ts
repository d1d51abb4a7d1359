import { z } from 'zod';
import { modelReferenceSchema } from './model-reference';
import {
  countSchema,
  durationMillisecondsSchema,
  isoDateTimeSchema,
  recordIdSchema,
  schemaVersionSchema,
} from './record-fields';
import { samplingSettingsSchema } from './sampling-settings';
import { taskKindSchema } from './task-base';

/** A chat message given to the model before the first step (a demonstration, the task prompt). */
export const chatMessageSchema = z
  .strictObject({
    role: z.enum(['system', 'user', 'assistant']).describe('Who speaks.'),
    content: z.string().describe('The message text.'),
  })
  .describe('A chat message.');

/** A chat message. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Things worth knowing about one step, for filtering and for the training loss. All default to false. */
export const stepFlagsSchema = z
  .strictObject({
    malformed: z.boolean().default(false).describe('The output had no parsable action (or more than one).'),
    timedOut: z.boolean().default(false).describe('The action was stopped by its timeout.'),
    repeated: z.boolean().default(false).describe('The action repeats an earlier one without progress (looping).'),
    lossMasked: z.boolean().default(false).describe('Leave this step\'s output out of the training loss.'),
  })
  .describe('Flags of one step.');

/** Flags of one step. */
export type StepFlags = z.infer<typeof stepFlagsSchema>;

/** One turn of the agent loop: the model's output, the action run and what it observed. */
export const trajectoryStepSchema = z
  .strictObject({
    index: z.int().nonnegative().describe('Position of the step, 0-based, consecutive.'),
    thought: z.string().describe('The reasoning text before the action; empty when there is none.'),
    action: z.string().nullable().describe('The command the agent ran; null when no action could be parsed.'),
    rawOutput: z.string().describe('The model\'s full output, unparsed.'),
    observation: z.string().describe('What the environment answered (or the format error shown to the model).'),
    exitCode: z.int().nullable().describe('Exit code of the action; null when nothing ran or it was killed.'),
    modelDurationMs: durationMillisecondsSchema.describe('Time spent in the model call, in milliseconds.'),
    actionDurationMs: durationMillisecondsSchema.describe('Time spent running the action, in milliseconds.'),
    inputTokens: countSchema.describe('Prompt tokens of the model call.'),
    outputTokens: countSchema.describe('Generated tokens of the model call.'),
    flags: stepFlagsSchema,
  })
  .describe('One step of the agent loop.');

/** One step of the agent loop. See {@link trajectoryStepSchema}. */
export type TrajectoryStep = z.infer<typeof trajectoryStepSchema>;

/**
 * Why a trajectory ended: the agent `submitted`, or it hit the `step-limit`, the
 * `context-limit` or the `cost-limit`, was stopped for `repetition` (looping) or because
 * too many commands in a row hit their time limit (`command-timeout`), hit an `error`, or
 * was `aborted` from outside.
 */
export const trajectoryOutcomeSchema = z
  .enum(['submitted', 'step-limit', 'context-limit', 'cost-limit', 'repetition', 'command-timeout', 'error', 'aborted'])
  .describe('Why the trajectory ended.');

/** Why a trajectory ended. See {@link trajectoryOutcomeSchema}. */
export type TrajectoryOutcome = z.infer<typeof trajectoryOutcomeSchema>;

/** What the agent handed in: a diff of the repository (code and test tasks) or a report (design, qa). */
export const submissionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('diff'), diff: z.string().describe('Unified diff against the task snapshot.') }),
    z.strictObject({ type: z.literal('report'), text: z.string().describe('The report or answer.') }),
  ])
  .describe('What the agent handed in.');

/** What the agent handed in. */
export type Submission = z.infer<typeof submissionSchema>;

/** Token and cost totals over all model calls of a trajectory. */
export const usageTotalsSchema = z
  .strictObject({
    inputTokens: countSchema.describe('Prompt tokens, summed over calls.'),
    outputTokens: countSchema.describe('Generated tokens, summed over calls.'),
    modelCalls: countSchema.describe('Number of model calls.'),
    costUsd: z.number().nonnegative().nullable().describe('Cost in US dollars; null when unknown (a local model).'),
  })
  .describe('Usage totals.');

/** Token and cost totals of a trajectory. */
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

/**
 * One agent run on one task, a line of a trajectories JSONL file: who ran, with which
 * settings and prompts, every step, and how it ended.
 */
export const trajectorySchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: recordIdSchema.describe('Trajectory id.'),
    taskId: recordIdSchema.describe('Id of the task instance it ran on.'),
    taskKind: taskKindSchema,
    model: modelReferenceSchema,
    settings: samplingSettingsSchema,
    systemPrompt: z.string().describe('The system prompt.'),
    initialMessages: z.array(chatMessageSchema).describe('Messages after the system prompt, before the first step (the task prompt).'),
    steps: z.array(trajectoryStepSchema).describe('Steps in order.'),
    outcome: trajectoryOutcomeSchema,
    outcomeReason: z.string().optional().describe('Details of the outcome, e.g. the error message or the limit hit.'),
    submission: submissionSchema.nullable().describe('What the agent handed in; null when it handed in nothing.'),
    usage: usageTotalsSchema,
    startedAt: isoDateTimeSchema.describe('When the run started.'),
    endedAt: isoDateTimeSchema.describe('When the run ended.'),
    cutoff: isoDateTimeSchema.optional().describe('Knowledge cutoff of the task snapshot, copied for filtering.'),
  })
  .superRefine((trajectory, context) => {
    trajectory.steps.forEach((step, position) => {
      if (step.index !== position) {
        context.addIssue({
          code: 'custom',
          message: `Expected step index ${position}: indexes are 0-based and consecutive`,
          path: ['steps', position, 'index'],
        });
      }
    });
    if (Date.parse(trajectory.endedAt) < Date.parse(trajectory.startedAt)) {
      context.addIssue({ code: 'custom', message: 'endedAt is before startedAt', path: ['endedAt'] });
    }
  })
  .describe('One agent run on one task.');

/** One agent run on one task. See {@link trajectorySchema}. */
export type Trajectory = z.infer<typeof trajectorySchema>;

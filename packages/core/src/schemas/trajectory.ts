import { z } from 'zod';
import { modelReferenceSchema } from './model-reference';
import {
  countSchema,
  durationMillisecondsSchema,
  isoDateTimeSchema,
  recordIdSchema,
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

/**
 * A native tool call the model made in one step (OpenAI-style function calling, as SWE-agent
 * 1.x and mini-swe-agent 2.x use by default), kept as the model produced it.
 */
export const toolCallSchema = z
  .strictObject({
    id: z.string().min(1).describe('The call id, which ties the call to its result message.'),
    name: z.string().min(1).describe('The function (tool) name, e.g. bash, create, str_replace_editor.'),
    arguments: z.string().describe('The arguments exactly as the model produced them, normally a JSON object as text.'),
    output: z.string().optional().describe('The result message for this call, when the run recorded one per call.'),
  })
  .describe('A native tool call of one step.');

/** A native tool call of one step. See {@link toolCallSchema}. */
export type ToolCall = z.infer<typeof toolCallSchema>;

/** One turn of the agent loop: the model's output, the action run and what it observed. */
export const trajectoryStepSchema = z
  .strictObject({
    index: z.int().nonnegative().describe('Position of the step, 0-based, consecutive.'),
    thought: z.string().describe('The reasoning text before the action; empty when there is none.'),
    action: z.string().nullable().describe('The command the agent ran; null when no action could be parsed.'),
    rawOutput: z.string().describe('The model\'s full text output, unparsed (without its native tool calls, which are in toolCalls).'),
    toolCalls: z
      .array(toolCallSchema)
      .optional()
      .describe('Native tool calls of this step, in order (schemaVersion 2); the action is the command they ran.'),
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
 * Versions of the trajectory layout: 1, the first; 2 adds `toolCalls` on steps. Readers take
 * both; a record with tool calls must say 2, so a reader that knows only 1 refuses it instead
 * of dropping the calls.
 */
export const trajectorySchemaVersionSchema = z.union([z.literal(1), z.literal(2)]).describe('Version of the trajectory layout: 1, or 2 with tool calls on steps.');

/**
 * One agent run on one task, a line of a trajectories JSONL file: who ran, with which
 * settings and prompts, every step (with its native tool calls, from layout 2 on), and how it
 * ended.
 */
export const trajectorySchema = z
  .strictObject({
    schemaVersion: trajectorySchemaVersionSchema,
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
      if (step.toolCalls !== undefined && trajectory.schemaVersion < 2) {
        context.addIssue({ code: 'custom', message: 'Tool calls need schemaVersion 2: a reader of layout 1 would drop them', path: ['steps', position, 'toolCalls'] });
      }
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

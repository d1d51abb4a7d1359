import { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-error';
import { toValidationIssues } from './zod-issues';

/**
 * The roles ms-swift accepts in a `messages` row: `system`, `user`, `assistant`, and for agent
 * templates `tool_call` (a JSON call rendered into the assistant turn by `--agent_template`),
 * `tool_response` and `tool` (synonyms: an observation, never trained on).
 */
export const msSwiftRoleSchema = z
  .enum(['system', 'user', 'assistant', 'tool_call', 'tool_response', 'tool'])
  .describe('Role of an ms-swift message.');

/** Role of an ms-swift message. See {@link msSwiftRoleSchema}. */
export type MsSwiftRole = z.infer<typeof msSwiftRoleSchema>;

const lossFields = {
  loss: z
    .boolean()
    .optional()
    .describe('false leaves this turn out of the loss, true forces it in; unset follows --loss_scale (ms-swift >= 3.8).'),
  loss_scale: z
    .number()
    .nonnegative()
    .optional()
    .describe('Weight of this turn in the loss (ms-swift >= 4.2; values above 1 need --is_binary_loss_scale false).'),
};

const content = z.string().describe('The message text; never null.');

/**
 * One message of an ms-swift row. Strict: only `role`, `content` and, on the turns the model
 * speaks (`assistant`, `tool_call`), `loss` and `loss_scale`; ms-swift would silently drop any
 * other key, so one is an error here.
 */
export const msSwiftMessageSchema = z
  .discriminatedUnion('role', [
    z.strictObject({ role: z.literal('system'), content }),
    z.strictObject({ role: z.literal('user'), content }),
    z.strictObject({ role: z.literal('assistant'), content, ...lossFields }),
    z.strictObject({ role: z.literal('tool_call'), content, ...lossFields }),
    z.strictObject({ role: z.literal('tool_response'), content }),
    z.strictObject({ role: z.literal('tool'), content }),
  ])
  .describe('One message of an ms-swift row.');

/** One message of an ms-swift row. See {@link msSwiftMessageSchema}. */
export type MsSwiftMessage = z.infer<typeof msSwiftMessageSchema>;

/** The turn a role belongs to once ms-swift merges consecutive messages. */
function turnOf(role: MsSwiftRole): 'system' | 'user' | 'assistant' | 'tool' {
  if (role === 'tool_call') return 'assistant';
  if (role === 'tool_response') return 'tool';
  return role;
}

/**
 * The format rules of an ms-swift row beyond its shape (ms-swift's `_check_messages` and the
 * query/response pairing of its encoder), as issues with `messages.N` paths:
 * - `system` only as the first message;
 * - the first message after it is `user`;
 * - after merging consecutive `assistant`/`tool_call` messages into one assistant turn and
 *   consecutive `tool`/`tool_response` messages into one observation, turns alternate: a query
 *   (`user` or `tool`) then an assistant turn; a `tool` observation follows an assistant turn;
 * - the row ends with an assistant turn, and at least one assistant message is trained on
 *   (not every one `"loss": false`);
 * - `tools`, when a string, is a JSON array.
 */
export function checkMsSwiftRules(record: MsSwiftRecord): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { messages } = record;
  let previousTurn: 'system' | 'user' | 'assistant' | 'tool' | undefined;
  let trainedAssistantMessages = 0;
  messages.forEach((message, position) => {
    const path = `messages.${position}`;
    const turn = turnOf(message.role);
    if (turn === 'system') {
      if (position !== 0) issues.push({ path, message: 'A system message may only be the first message' });
    } else if (turn === 'user') {
      if (previousTurn === 'user' || previousTurn === 'tool') {
        issues.push({ path, message: `A user message follows a ${previousTurn} turn; merge them or put an assistant turn between` });
      }
    } else if (turn === 'tool') {
      if (previousTurn !== 'assistant' && previousTurn !== 'tool') {
        issues.push({ path, message: `A ${message.role} observation must follow an assistant turn, not ${previousTurn ?? 'the start'}` });
      }
    } else {
      if (previousTurn !== 'user' && previousTurn !== 'tool' && previousTurn !== 'assistant') {
        issues.push({ path, message: `An assistant turn must follow a user or tool turn, not ${previousTurn ?? 'the start'}` });
      }
      if (message.role === 'assistant' || message.role === 'tool_call') {
        if (message.loss !== false) trainedAssistantMessages += 1;
      }
    }
    previousTurn = turn;
  });
  const firstQuery = messages.find((message) => message.role !== 'system');
  if (firstQuery !== undefined && firstQuery.role !== 'user') {
    issues.push({ path: `messages.${messages.indexOf(firstQuery)}`, message: `The first message after the system prompt must be user, not ${firstQuery.role}` });
  }
  if (previousTurn !== 'assistant') {
    issues.push({ path: 'messages', message: 'The row must end with an assistant turn (nothing after the last answer is trained on)' });
  } else if (trainedAssistantMessages === 0) {
    issues.push({ path: 'messages', message: 'Every assistant message has "loss": false, so the row trains nothing; drop the row instead' });
  }
  if (typeof record.tools === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.tools);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) issues.push({ path: 'tools', message: 'tools must be a JSON string of an array of tool definitions' });
  }
  return issues;
}

/**
 * Trace columns of an ms-swift row: where the row came from, so it can be traced to its run and
 * re-graded. ms-swift keeps only its standard columns (`messages`, `tools`, ...) for training:
 * with `--remove_unused_columns true` (the default) it drops these, otherwise it passes them
 * on as `extra_kwargs`, which the template ignores. Flat strings, so a `datasets` JSON load
 * infers one column type for every row.
 */
export const msSwiftTraceFields = {
  instance_id: z.string().optional().describe('The task (SWE-bench instance) id the run worked on.'),
  trajectory_id: z.string().optional().describe('The trajectory id.'),
  source_file: z.string().optional().describe('The file the trajectory was read from (with :line for JSONL).'),
  exit_status: z.string().optional().describe('How the run ended (swespot outcome, e.g. submitted, step-limit).'),
  submission: z.string().nullable().optional().describe('What the run handed in (the final diff or report); null when nothing.'),
};

/**
 * One line of an ms-swift dataset file (`swift sft` / `megatron sft --dataset file.jsonl`), in
 * the `messages` layout used for agent and multi-turn SFT. Strict: `messages` (see
 * {@link msSwiftMessageSchema}), optional `tools` (tool definitions the agent template merges
 * into the system prompt: a JSON string, which ms-swift recommends, or an array of objects) and
 * the optional trace columns of {@link msSwiftTraceFields}; no other keys. The format rules of
 * {@link checkMsSwiftRules} are part of the schema.
 */
export const msSwiftRecordSchema = z
  .strictObject({
    messages: z.array(msSwiftMessageSchema).min(2).describe('The conversation, in order.'),
    tools: z
      .union([z.string(), z.array(z.record(z.string(), z.unknown()))])
      .optional()
      .describe('Tool definitions (OpenAI function format) as a JSON string or an array.'),
    ...msSwiftTraceFields,
  })
  .superRefine((record, context) => {
    for (const issue of checkMsSwiftRules(record)) {
      context.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)) });
    }
  })
  .describe('One line of an ms-swift messages dataset.');

/** One line of an ms-swift dataset file. See {@link msSwiftRecordSchema}. */
export type MsSwiftRecord = z.infer<typeof msSwiftRecordSchema>;

/**
 * Checks one value against {@link msSwiftRecordSchema} (shape and format rules) and returns
 * every issue as `{ path, message }`; an empty array means the line is a valid ms-swift row.
 */
export function validateMsSwiftRecord(value: unknown): ValidationIssue[] {
  const result = msSwiftRecordSchema.safeParse(value);
  return result.success ? [] : toValidationIssues(result.error.issues);
}

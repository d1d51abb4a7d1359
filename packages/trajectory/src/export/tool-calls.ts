import type { ToolCall, Trajectory } from '@swespot/core';
import { UnrepresentableTrajectoryError } from './unrepresentable-trajectory-error';

/** The arguments of a tool call as a value: the JSON object the model produced, else its raw text (kept byte for byte). */
function argumentsValue(call: ToolCall): unknown {
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // not JSON: the model's own text is what it produced, so it is kept as a string
  }
  return call.arguments;
}

/**
 * A tool call as the JSON text of an ms-swift `tool_call` message and of Qwen's hermes syntax:
 * `{"name": ..., "arguments": {...}}`. Arguments that are not a JSON object (a malformed call
 * the agent rejected) stay the model's raw text, as a JSON string.
 */
export function toolCallJson(call: ToolCall): string {
  return JSON.stringify({ name: call.name, arguments: argumentsValue(call) });
}

/** A tool call in hermes syntax, the text ms-swift's default agent template for Qwen renders: `<tool_call>\n{json}\n</tool_call>`. */
export function hermesToolCall(call: ToolCall): string {
  return `<tool_call>\n${toolCallJson(call)}\n</tool_call>`;
}

/** A tool result in hermes syntax: `<tool_response>\n...\n</tool_response>`. */
export function hermesToolResponse(content: string): string {
  return `<tool_response>\n${content}\n</tool_response>`;
}

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;

/**
 * Tool definitions (OpenAI function format) for the tools a trajectory called, derived from the
 * calls themselves: each tool's name and the argument names it was called with, typed by the
 * values seen; arguments present in every call are required. Calls of malformed steps (the agent
 * refused them) are left out. Trajectory files do not hold the
 * agent's own definitions (descriptions included), so these are the most a row can state.
 * Empty when the trajectory made no tool calls.
 */
export function deriveToolDefinitions(trajectory: Trajectory): Array<Record<string, unknown>> {
  const tools = new Map<string, { calls: number; properties: Map<string, { types: Set<string>; calls: number }> }>();
  for (const step of trajectory.steps) {
    // A call the agent refused (unknown tool, arguments that are not JSON) does not describe a tool it offered.
    if (step.flags.malformed) continue;
    for (const call of step.toolCalls ?? []) {
      const value = argumentsValue(call);
      if (typeof value !== 'object' || value === null) continue;
      const tool = tools.get(call.name) ?? { calls: 0, properties: new Map() };
      tool.calls += 1;
      {
        for (const [key, argument] of Object.entries(value)) {
          const property = tool.properties.get(key) ?? { types: new Set<string>(), calls: 0 };
          property.types.add(jsonType(argument));
          property.calls += 1;
          tool.properties.set(key, property);
        }
      }
      tools.set(call.name, tool);
    }
  }
  return [...tools].map(([name, tool]) => ({
    type: 'function',
    function: {
      name,
      parameters: {
        type: 'object',
        properties: Object.fromEntries([...tool.properties].map(([key, property]) => [key, property.types.size === 1 ? { type: [...property.types][0] } : { type: [...property.types].sort() }])),
        required: [...tool.properties].filter(([, property]) => property.calls === tool.calls).map(([key]) => key),
      },
    },
  }));
}

/** Tool calls of a trajectory, counted. */
export function countToolCalls(trajectory: Trajectory): number {
  return trajectory.steps.reduce((sum, step) => sum + (step.toolCalls?.length ?? 0), 0);
}

/** Whether `action` stands on whole lines of `text` (as in a fenced block), not as a word inside a sentence. */
function onWholeLines(text: string, action: string): boolean {
  const trimmed = action.trim();
  if (trimmed === '') return true;
  for (let at = text.indexOf(trimmed); at !== -1; at = text.indexOf(trimmed, at + 1)) {
    const before = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
    const lineEnd = text.indexOf('\n', at + trimmed.length);
    const after = text.slice(at + trimmed.length, lineEnd === -1 ? text.length : lineEnd);
    if (before.trim() === '' && after.trim() === '') return true;
  }
  return false;
}

/** Whether a row would show a step's action: it has none, or a recorded tool call, or its text holds it on whole lines (a fenced block). */
function actionShown(step: Trajectory['steps'][number]): boolean {
  return step.action === null || (step.toolCalls?.length ?? 0) > 0 || onWholeLines(step.rawOutput, step.action);
}

/**
 * How many steps at the end of a trajectory ran an action that a row would not show (see
 * {@link assertActionsShown}): SWE-agent saves its history before the last model turn, so the
 * last step of a function-calling run may have an action (`submit`) but no recorded tool call.
 */
export function unshownTailLength(trajectory: Trajectory): number {
  let length = 0;
  for (let index = trajectory.steps.length - 1; index >= 0; index -= 1) {
    const step = trajectory.steps[index];
    if (step === undefined || actionShown(step)) break;
    length += 1;
  }
  return length;
}

/**
 * Refuses a trajectory whose step ran an action that a row would not show: the step has an
 * action, no recorded tool call, and its text does not contain the action (a SWE-agent file
 * whose history lacks the last call, for one).
 *
 * @throws {UnrepresentableTrajectoryError} with reason `action-missing`.
 */
export function assertActionsShown(trajectory: Trajectory): void {
  for (const step of trajectory.steps) {
    if (actionShown(step) || step.action === null) continue;
    throw new UnrepresentableTrajectoryError({
      reason: 'action-missing',
      stepIndex: step.index,
      message: `step ${step.index} ran ${JSON.stringify(step.action.length > 80 ? `${step.action.slice(0, 77)}...` : step.action)}, but neither its output text nor a recorded tool call shows it; a row would train the thought without its action`,
    });
  }
}

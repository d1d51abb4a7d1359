import { estimateTokens, renderTemplate } from '@swespot/agent';
import type { ModelV1Message, TrajectoryStep, VerifierV1Candidate, VerifierV1Task } from '@swespot/core';
import { DEFAULT_VERIFIER_TEMPLATES, type VerifierTemplates } from './default-verifier-templates';

/**
 * Commands that run tests, whose outputs {@link renderVerifierPrompt} keeps as the last test
 * outputs: pytest, tox, nox, unittest, Django's and SymPy's runners, npm/yarn/pnpm test, jest,
 * vitest, mocha, go test, cargo test, Maven, Gradle and `make test`.
 */
export const DEFAULT_TEST_COMMAND_PATTERN =
  /\b(py\.?test|tox|nox|unittest|manage\.py\s+test|runtests|bin\/test|(?:npm|yarn|pnpm)\s+(?:run\s+)?test|jest|vitest|mocha|go\s+test|cargo\s+test|mvn\b.*\btest|gradle\w*\s+test|make\s+test)\b/;

/** Options of {@link renderVerifierPrompt}. */
export interface RenderVerifierPromptOptions {
  readonly task: VerifierV1Task;
  readonly candidate: VerifierV1Candidate;
  /** The templates. Default: {@link DEFAULT_VERIFIER_TEMPLATES}. */
  readonly templates?: VerifierTemplates;
  /**
   * Upper bound on the prompt's tokens (system and user message). The final patch, the last
   * test outputs and the issue are kept (each cut in the middle past its share: 40%, 15% and
   * 20% of the budget); the trajectory gets what is left, latest steps first, and earlier
   * steps are replaced by a note of how many were left out. Default: 24,000.
   */
  readonly tokenBudget?: number;
  /** Counts tokens. Default: one per 4 characters (`estimateTokens` of `@swespot/agent`). */
  readonly countTokens?: (text: string) => number;
  /** Characters kept of one observation in the trajectory (head and tail). Default: 4,000. */
  readonly maxObservationCharacters?: number;
  /** Test runs whose outputs are kept, the latest ones. Default: 2. */
  readonly testOutputs?: number;
  /** Which actions run tests. Default: {@link DEFAULT_TEST_COMMAND_PATTERN}. */
  readonly testCommandPattern?: RegExp;
}

/** The messages of one verification, with what was left out to fit the budget. */
export interface VerifierPrompt {
  readonly messages: readonly [ModelV1Message & { role: 'system' }, ModelV1Message & { role: 'user' }];
  /** Steps of the trajectory shown, and left out (the earliest ones). */
  readonly stepsShown: number;
  readonly stepsOmitted: number;
  /** The prompt's tokens, by `countTokens`. */
  readonly tokens: number;
}

/** The candidate's final patch: its own `patch`, else the trajectory's submitted diff, else empty. */
export function patchOfCandidate(candidate: VerifierV1Candidate): string {
  if (candidate.patch !== undefined) return candidate.patch;
  const submission = candidate.trajectory.submission;
  return submission?.type === 'diff' ? submission.diff : '';
}

/** Keeps the head and tail of `text` within `maxCharacters`, with a note of what was cut. */
function cutMiddle(text: string, maxCharacters: number): string {
  if (text.length <= maxCharacters) return text;
  const half = Math.max(0, Math.floor(maxCharacters / 2));
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters cut ...]\n${text.slice(text.length - half)}`;
}

/** Cuts `text` until `countTokens` says it fits `maxTokens` (characters scaled by the ratio, then halved until it fits). */
function fitTokens(text: string, maxTokens: number, countTokens: (text: string) => number): string {
  let tokens = countTokens(text);
  if (tokens <= maxTokens) return text;
  let characters = Math.floor((text.length * maxTokens) / tokens);
  let cut = cutMiddle(text, characters);
  for (tokens = countTokens(cut); tokens > maxTokens && characters > 0; tokens = countTokens(cut)) {
    characters = Math.floor(characters / 2);
    cut = cutMiddle(text, characters);
  }
  return cut;
}

function renderStep(step: TrajectoryStep, maxObservationCharacters: number, outputShownBelow: boolean): string {
  const lines = [`### Step ${step.index + 1}`];
  if (step.thought.trim() !== '') lines.push(step.thought.trim());
  if (step.action !== null) lines.push(`$ ${step.action}`);
  const exit = step.exitCode === null ? '' : ` exit=${step.exitCode}`;
  const observation = outputShownBelow ? '(output in <last_test_output>)' : cutMiddle(step.observation, maxObservationCharacters);
  lines.push(`<output${exit}>`, observation, '</output>');
  return lines.join('\n');
}

/**
 * Renders the verifier's prompt for one candidate within a token budget: the issue, the
 * trajectory's latest steps that fit, the last test outputs and the final patch, filled into
 * the templates (see {@link VerifierTemplates} for the placeholders).
 *
 * @throws {InvalidArgumentError} when a template uses a placeholder that does not exist.
 */
export function renderVerifierPrompt(options: RenderVerifierPromptOptions): VerifierPrompt {
  const templates = options.templates ?? DEFAULT_VERIFIER_TEMPLATES;
  const budget = options.tokenBudget ?? 24_000;
  const countTokens = options.countTokens ?? estimateTokens;
  const maxObservationCharacters = options.maxObservationCharacters ?? 4_000;
  const pattern = options.testCommandPattern ?? DEFAULT_TEST_COMMAND_PATTERN;
  const { task, candidate } = options;
  const steps = candidate.trajectory.steps;

  const testSteps = steps.filter((step) => step.action !== null && pattern.test(step.action)).slice(-(options.testOutputs ?? 2));
  const testStepIndexes = new Set(testSteps.map((step) => step.index));
  const testOutput =
    testSteps.length === 0
      ? '(the agent ran no tests)'
      : fitTokens(
          testSteps.map((step) => `$ ${step.action}\n(exit ${step.exitCode ?? 'unknown'})\n${step.observation}`).join('\n\n'),
          Math.floor(budget * 0.15),
          countTokens,
        );
  const rawPatch = patchOfCandidate(candidate);
  const patch = rawPatch.trim() === '' ? '(empty: the agent changed nothing)' : fitTokens(rawPatch, Math.floor(budget * 0.4), countTokens);
  const variables = {
    taskId: task.id,
    repository: task.repository ?? '',
    problemStatement: fitTokens(task.problemStatement, Math.floor(budget * 0.2), countTokens),
    testOutput,
    patch,
  };
  const system = renderTemplate(templates.system, { ...variables, trajectory: '' }, { templateName: 'templates.system' });
  const fixedUser = renderTemplate(templates.user, { ...variables, trajectory: '' }, { templateName: 'templates.user' });
  let left = budget - countTokens(system) - countTokens(fixedUser);

  const shown: string[] = [];
  for (let position = steps.length - 1; position >= 0; position--) {
    const step = steps[position]!;
    const block = renderStep(step, maxObservationCharacters, testStepIndexes.has(step.index));
    // +1 for the blank line between steps.
    const cost = countTokens(block) + 1;
    if (cost > left) break;
    shown.unshift(block);
    left -= cost;
  }
  const stepsOmitted = steps.length - shown.length;
  if (stepsOmitted > 0) shown.unshift(`[... ${stepsOmitted} earlier step${stepsOmitted === 1 ? '' : 's'} left out to fit the budget ...]`);
  if (steps.length === 0) shown.push('(no steps)');
  const user = renderTemplate(templates.user, { ...variables, trajectory: shown.join('\n\n') }, { templateName: 'templates.user' });
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    stepsShown: steps.length - stepsOmitted,
    stepsOmitted,
    tokens: countTokens(system) + countTokens(user),
  };
}

import { ValidationError } from '@swespot/core';

/**
 * mini-swe-agent's own action rules for text-mode outputs, as Python regular expressions (the
 * form its config files use), applied with DOTALL to the whole output: the output is an action
 * only when the rule finds exactly one match, and the action is the first group, trimmed.
 * - `v1-early`: mini-swe-agent 1.0 to 1.11, a ```` ```bash ```` fence directly followed by a newline;
 * - `v1`: 1.12 to 1.17 (the default `action_regex` from 1.16 on), white space allowed after `bash`;
 * - `v2-text`: 2.x text-based models, whose fence language is `mswea_bash_command`.
 */
export const miniSweAgentActionRules = {
  'v1-early': '```bash\\n(.*?)\\n```',
  v1: '```bash\\s*\\n(.*?)\\n```',
  'v2-text': '```mswea_bash_command\\s*\\n(.*?)\\n```',
} as const;

/** A name of {@link miniSweAgentActionRules}. */
export type MiniSweAgentActionRule = keyof typeof miniSweAgentActionRules;

/** A model output split into its reasoning and its single fenced action. */
export interface ParsedBashAction {
  /** The text before the action block, trimmed; the whole output when there is no single block. */
  thought: string;
  /** The command the rule found; null when it found none or more than one (a format error). */
  action: string | null;
}

const compiled = new Map<string, RegExp>();

/**
 * Compiles a Python regular expression of an agent config (`action_regex`) for JavaScript,
 * with Python's `re.DOTALL` (flag `s`); `(?P<name>` groups become `(?<name>`. Throws a
 * {@link ValidationError} naming `field` when the expression does not compile.
 */
export function compileActionRule(pattern: string, field = 'action_regex'): RegExp {
  const known = compiled.get(pattern);
  if (known !== undefined) return known;
  let expression: RegExp;
  try {
    expression = new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'gs');
  } catch (error) {
    throw new ValidationError({
      issues: [{ path: field, message: `the action rule ${JSON.stringify(pattern)} is not a regular expression JavaScript can run (${(error as Error).message}); pass the file with a rule written without Python-only syntax` }],
      schema: 'agent config',
      cause: error,
    });
  }
  compiled.set(pattern, expression);
  return expression;
}

/**
 * Splits a text-mode model output into thought and action with an agent's own rule (default:
 * mini-swe-agent 1.12+'s `v1` rule, see {@link miniSweAgentActionRules}): the rule must match
 * exactly once, as Python's `re.findall` counts (non-overlapping, left to right); zero or
 * several matches are a format error (`action: null`). Fenced blocks in other languages
 * (```` ```python ````, a plain ```` ``` ````) are quotes, not actions.
 */
export function parseBashAction(output: string, rule: string | RegExp = miniSweAgentActionRules.v1): ParsedBashAction {
  const expression = typeof rule === 'string' ? compileActionRule(rule) : new RegExp(rule.source, rule.flags.includes('g') ? rule.flags : `${rule.flags}g`);
  expression.lastIndex = 0;
  const matches = [...output.matchAll(expression)];
  const [only] = matches;
  if (matches.length !== 1 || only === undefined) return { thought: output.trim(), action: null };
  return { thought: output.slice(0, only.index).trim(), action: (only[1] ?? only[0]).trim() };
}

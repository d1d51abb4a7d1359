/**
 * The bash block pattern of mini-swe-agent 1.x: a fence opened with ```` ```bash ````, the
 * command on the following lines, and a closing fence on a line of its own.
 */
export const DEFAULT_ACTION_PATTERN = /```bash\s*\n(.*?)\n```/gs;

/** What {@link parseBashActions} found in one model reply. */
export interface ParsedBashActions {
  /** Every bash block's command, trimmed, in order. A well-formed reply has exactly one. */
  readonly actions: readonly string[];
  /** The text before the first bash block (the THOUGHT), trimmed; the whole reply when it has none. */
  readonly thought: string;
}

/**
 * Finds the bash blocks of a model reply. The agent runs a reply only when it holds
 * exactly one block; zero or several are a format error that costs a step.
 *
 * @param pattern a global regular expression whose first group is the command. Default: {@link DEFAULT_ACTION_PATTERN}.
 *
 * @example
 * ```ts
 * parseBashActions('THOUGHT: list\n\n```bash\nls -la\n```').actions; // ['ls -la']
 * ```
 */
export function parseBashActions(text: string, pattern: RegExp = DEFAULT_ACTION_PATTERN): ParsedBashActions {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  const matches = [...text.matchAll(global)];
  const first = matches[0];
  return {
    actions: matches.map((match) => (match[1] ?? '').trim()),
    thought: (first === undefined ? text : text.slice(0, first.index)).trim(),
  };
}

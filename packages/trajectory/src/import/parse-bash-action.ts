/** The fenced-block languages mini-swe-agent (v1 `bash`, v2 `mswea_bash_command`) and SWE-agent use for an action. */
const actionBlock = /```(?:bash|sh|mswea_bash_command)?[ \t]*\n([\s\S]*?)\n?```/g;

/** A model output split into its reasoning and its single fenced action. */
export interface ParsedBashAction {
  /** The text before the action block, trimmed; the whole output when there is no single block. */
  thought: string;
  /** The command in the only fenced block; null when there are none or more than one (a format error). */
  action: string | null;
}

/**
 * Splits a text-mode model output into thought and action the way mini-swe-agent does:
 * exactly one fenced block (```` ```bash ```` or ```` ```mswea_bash_command ````) is the action;
 * zero or several is a format error (`action: null`).
 */
export function parseBashAction(output: string): ParsedBashAction {
  const blocks = [...output.matchAll(actionBlock)];
  const [only] = blocks;
  if (blocks.length !== 1 || only === undefined) return { thought: output.trim(), action: null };
  return { thought: output.slice(0, only.index).trim(), action: (only[1] ?? '').trim() };
}

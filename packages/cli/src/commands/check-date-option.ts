import type { CommandContext } from './command-context';

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Checks a date flag (`YYYY-MM-DD`, or an ISO 8601 date-time such as
 * `2020-01-01T12:00:00Z`). On a bad value it prints `--flag: message` to stderr, sets exit
 * code 1 and returns false.
 */
export function checkDateOption(flag: string, value: string, context: CommandContext): boolean {
  if (DATE.test(value) && Number.isFinite(new Date(value).getTime())) return true;
  context.stderr.write(`${flag}: ${JSON.stringify(value)} is not a date; use YYYY-MM-DD (meaning 00:00 UTC) or an ISO date-time such as 2020-01-01T12:00:00Z\n`);
  context.setExitCode(1);
  return false;
}

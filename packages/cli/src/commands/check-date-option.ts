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

/**
 * Checks that a window's start is not after its end (`--since` / `--until`, both already
 * checked dates). On a bad pair it prints the flags' error to stderr, sets exit code 1 and
 * returns false.
 */
export function checkDateOrder(since: string | undefined, until: string | undefined, context: CommandContext): boolean {
  if (since === undefined || until === undefined || new Date(since).getTime() <= new Date(until).getTime()) return true;
  context.stderr.write(`--since: ${since} is after --until ${until}; the window would be empty. Swap them or widen the window.\n`);
  context.setExitCode(1);
  return false;
}

/**
 * Checks that a knowledge cutoff (an already checked date) is not in the future: a cutoff
 * after today keeps everything, which is never what a temporal split means (most often a
 * typo in the year). On a future date it prints `--flag: message`, sets exit code 1 and
 * returns false.
 */
export function checkCutoffNotInFuture(flag: string, value: string, context: CommandContext, now: Date = new Date()): boolean {
  if (new Date(value).getTime() <= now.getTime()) return true;
  context.stderr.write(`${flag}: ${value} is in the future; a cutoff must be a date that has passed (check the year).\n`);
  context.setExitCode(1);
  return false;
}

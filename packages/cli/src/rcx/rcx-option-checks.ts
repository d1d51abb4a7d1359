import type { CommandContext } from '../commands/command-context';

/**
 * Reads a whole-number flag (`--count`, `--seed`) with a lower bound. On a bad value it
 * prints `--flag: message` to stderr, sets exit code 1 and returns `undefined`.
 */
export function wholeNumberOption(flag: string, given: string | number | undefined, fallback: number, minimum: number, context: CommandContext): number | undefined {
  if (given === undefined) return fallback;
  // A number when it comes from swespot.config.json, text from the command line.
  const value = String(given);
  const number = Number(value);
  if (/^\s*-?\d+\s*$/.test(value) && Number.isSafeInteger(number) && number >= minimum) return number;
  context.stderr.write(`${flag}: expected a whole number, ${minimum} or more; got ${JSON.stringify(value)}\n`);
  context.setExitCode(1);
  return undefined;
}

/** Reads a share flag (`--negative-ratio`) in [0, 1). Prints `--flag: message` and returns `undefined` on a bad value. */
export function shareOption(flag: string, value: string | undefined, fallback: number, context: CommandContext): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() !== '' && Number.isFinite(number) && number >= 0 && number < 1) return number;
  context.stderr.write(`${flag}: expected a share from 0 up to (not including) 1, e.g. 0.1; got ${JSON.stringify(value)}\n`);
  context.setExitCode(1);
  return undefined;
}

/** `a: 3, b: 1` from counts, largest first, then by name. */
export function formatCounts(counts: Readonly<Record<string, number>>, total?: number): string {
  const entries = Object.entries(counts).filter(([, count]) => count > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort(([leftName, left], [rightName, right]) => right - left || (leftName < rightName ? -1 : 1))
    .map(([name, count]) => (total === undefined || total === 0 ? `${name} ${count}` : `${name} ${count} (${Math.round((count / total) * 1000) / 10}%)`))
    .join(', ');
}

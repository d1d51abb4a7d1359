/** Flags of a command line grouped as `name → values`, names with `-` read as `_` (HfArgumentParser accepts both). */
export type FlagMap = Map<string, string[]>;

/**
 * Reads the `megatron sft` / `swift sft` command of a shell script fixture: joins `\`
 * continuations, expands `$NAME` from the script's own `export NAME=value` lines (and
 * `overrides`), and groups the words after `<program> sft` into flags.
 */
export function parseFixtureCommand(script: string, program: string, overrides: Record<string, string> = {}): { flags: FlagMap; environment: Record<string, string>; count: number } {
  const environment: Record<string, string> = {};
  const expand = (text: string): string => text.replace(/\$(\w+)/g, (_, name: string) => environment[name] ?? '');
  for (const match of script.matchAll(/^export (\w+)=(.*)$/gm)) {
    environment[match[1] as string] = expand((match[2] as string).replace(/^'(.*)'$/, '$1'));
  }
  Object.assign(environment, overrides);
  const joined = script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const start = joined.indexOf(`${program} sft`);
  const words = expand(joined.slice(start)).split(/\s+/).filter(Boolean).slice(2);
  return { ...groupFlags(words), environment };
}

/** Groups an argv list into flags; counts the flags seen (a repeated flag would show as a smaller map). */
export function groupFlags(words: readonly string[]): { flags: FlagMap; count: number } {
  const flags: FlagMap = new Map();
  let current: string[] | undefined;
  let count = 0;
  for (const word of words) {
    if (word.startsWith('--')) {
      current = [];
      flags.set(word.slice(2).replace(/-/g, '_'), current);
      count += 1;
    } else if (current) {
      current.push(word);
    } else {
      throw new Error(`value ${word} before any flag`);
    }
  }
  return { flags, count };
}

/** Values compare as numbers when both are numeric (`0.00` = `0`, `1e-5` = `0.00001`), else as text. */
export function sameValue(left: string, right: string): boolean {
  const numeric = /^-?\d*\.?\d+(e-?\d+)?$/i;
  return numeric.test(left) && numeric.test(right) ? Number(left) === Number(right) : left === right;
}

/**
 * Quotes a word for bash: left bare when it only has characters bash never interprets
 * (letters, digits, `_ / . , : = @ % + -`, and `#` after the first character); in double quotes
 * with `\\ " $` and backticks escaped when it holds a `$` or a backtick (so shellcheck does not
 * mistake a literal `$` for an expansion that single quotes would block); else in single quotes
 * with embedded single quotes written as `'\''`.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_/.,:=@%+-][A-Za-z0-9_/.,:=@%+#-]*$/.test(word)) return word;
  if (/[$`]/.test(word)) return `"${word.replace(/[\\"$`]/g, (character) => `\\${character}`)}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `name=(` one argument per line, flags starting a new line `)`. */
export function renderBashArray(name: string, argv: readonly string[]): string {
  const lines: string[] = [];
  for (const word of argv) {
    if (word.startsWith('--') || lines.length === 0) lines.push(`  ${shellQuote(word)}`);
    else lines[lines.length - 1] += ` ${shellQuote(word)}`;
  }
  return `${name}=(\n${lines.join('\n')}\n)`;
}

/** `export NAME=value` lines. */
export function renderExports(environment: ReadonlyArray<readonly [string, string]>): string {
  return environment.map(([name, value]) => `export ${name}=${shellQuote(value)}`).join('\n');
}

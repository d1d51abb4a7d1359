/** An output short enough to show whole, or its head and tail with the count of characters left out. */
export type CutOutput =
  | { readonly truncated: false; readonly output: string }
  | { readonly truncated: true; readonly head: string; readonly tail: string; readonly elidedCharacters: number };

/**
 * Cuts a command's output for the model as mini-swe-agent does: an output of fewer than
 * `limitCharacters` characters is kept whole; a longer one keeps its first and last
 * `limitCharacters / 2` characters.
 *
 * @param limitCharacters the observation limit in UTF-16 characters (mini-swe-agent: 10,000).
 */
export function cutOutput(output: string, limitCharacters: number): CutOutput {
  if (output.length < limitCharacters) return { truncated: false, output };
  const half = Math.floor(limitCharacters / 2);
  return {
    truncated: true,
    head: output.slice(0, half),
    tail: output.slice(output.length - half),
    elidedCharacters: output.length - 2 * half,
  };
}

/**
 * Reads the layer table of an architecture document: every Markdown table row
 * whose first cell is a number and whose second cell names one or more
 * backticked `@swespot/*` packages, e.g.
 * `| 1 | \`@swespot/model-anthropic\`, \`@swespot/model-google\` | ... |`.
 *
 * @param markdown the document's text.
 * @returns each package name mapped to its layer; empty when the document has no such table.
 */
export function readArchitectureLayers(markdown: string): Map<string, number> {
  const layers = new Map<string, number>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // A table row starts with `|`, so cells[0] is the empty text before it.
    if (cells[0] !== '' || !/^\d+$/.test(cells[1] ?? '')) continue;
    const layer = Number(cells[1]);
    for (const match of (cells[2] ?? '').matchAll(/`(@swespot\/[\w.-]+)`/g)) {
      if (match[1] !== undefined) layers.set(match[1], layer);
    }
  }
  return layers;
}

/**
 * Finds dependency cycles in a directed graph with a depth-first search: each
 * edge that leads back to a node still on the search path closes one cycle.
 * Nodes and their neighbours are visited in sorted order, so the result is the
 * same on every run.
 *
 * @param graph each node mapped to the nodes it depends on; a node that only
 *   appears as a neighbour is treated as having no dependencies.
 * @returns each cycle as a path that starts and ends with the same node,
 *   rotated to start at its alphabetically first node
 *   (`['a', 'b', 'a']`); a cycle is reported once however often it is reached.
 */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const finished = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const cycles = new Map<string, string[]>();

  const visit = (node: string) => {
    path.push(node);
    onPath.add(node);
    for (const neighbour of [...(graph.get(node) ?? [])].sort()) {
      if (onPath.has(neighbour)) {
        const loop = path.slice(path.indexOf(neighbour));
        const first = loop.indexOf([...loop].sort()[0] ?? neighbour);
        const rotated = [...loop.slice(first), ...loop.slice(0, first)];
        const cycle = [...rotated, rotated[0] ?? neighbour];
        cycles.set(cycle.join('\u0000'), cycle);
      } else if (!finished.has(neighbour)) {
        visit(neighbour);
      }
    }
    path.pop();
    onPath.delete(node);
    finished.add(node);
  };

  for (const node of [...graph.keys()].sort()) {
    if (!finished.has(node)) visit(node);
  }
  return [...cycles.values()];
}

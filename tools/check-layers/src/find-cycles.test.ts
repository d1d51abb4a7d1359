import { describe, expect, it } from 'vitest';
import { findCycles } from './find-cycles';

const graphOf = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([node, neighbours]) => [node, new Set(neighbours)]));

describe('findCycles', () => {
  it('finds nothing in a layered graph', () => {
    expect(findCycles(graphOf({ cli: ['eval', 'core'], eval: ['core'], core: [] }))).toEqual([]);
  });

  it('reports a cycle once, starting at its alphabetically first node', () => {
    const cycles = findCycles(graphOf({ zeta: ['alpha'], alpha: ['mid'], mid: ['zeta'], other: ['mid'] }));

    expect(cycles).toEqual([['alpha', 'mid', 'zeta', 'alpha']]);
  });

  it('reports separate cycles through a shared node', () => {
    const cycles = findCycles(graphOf({ a: ['b', 'c'], b: ['a'], c: ['a'] }));

    expect(cycles).toEqual([
      ['a', 'b', 'a'],
      ['a', 'c', 'a'],
    ]);
  });

  it('follows nodes that only appear as neighbours', () => {
    expect(findCycles(graphOf({ a: ['b'] }))).toEqual([]);
  });
});

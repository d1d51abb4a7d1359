import type { MatchTable, SyntaxCapture, SyntaxMatch, SyntaxNode, SyntaxQuery, SyntaxQueryOptions, SyntaxTree } from './parser-backend';

/** Capture ids by name, per name list (the lists of compiled queries live as long as the query). */
const idsByNames = new WeakMap<readonly string[], Map<string, number>>();

function idsOf(captureNames: readonly string[]): Map<string, number> {
  let ids = idsByNames.get(captureNames);
  if (ids === undefined) {
    ids = new Map(captureNames.map((name, id) => [name, id]));
    idsByNames.set(captureNames, ids);
  }
  return ids;
}

/**
 * A {@link MatchTable} of `matches`. Capture ids index `captureNames`; a name missing from it
 * (a backend that does not list its names) is added to a copy that the table carries.
 */
export function matchTableFromMatches(matches: readonly SyntaxMatch[], captureNames: readonly string[] = []): MatchTable {
  let names = captureNames;
  let ids = idsOf(captureNames);
  let captureCount = 0;
  for (const match of matches) captureCount += match.captures.length;
  const patternIndexes = new Uint32Array(matches.length);
  const captureOffsets = new Uint32Array(matches.length + 1);
  const captureIds = new Uint32Array(captureCount);
  const starts = new Uint32Array(captureCount);
  const nodes: SyntaxNode[] = new Array(captureCount);
  let capture = 0;
  for (let match = 0; match < matches.length; match += 1) {
    const { patternIndex, captures } = matches[match] as SyntaxMatch;
    patternIndexes[match] = patternIndex;
    captureOffsets[match] = capture;
    for (const { name, node } of captures) {
      let id = ids.get(name);
      if (id === undefined) {
        if (names === captureNames) {
          names = [...captureNames];
          ids = new Map(ids);
        }
        id = names.length;
        (names as string[]).push(name);
        ids.set(name, id);
      }
      captureIds[capture] = id;
      starts[capture] = node.startIndex;
      nodes[capture] = node;
      capture += 1;
    }
  }
  captureOffsets[matches.length] = capture;
  return {
    matchCount: matches.length,
    captureNames: names,
    patternIndexes,
    captureOffsets,
    captureIds,
    starts,
    node: (index) => nodes[index] as SyntaxNode,
  };
}

/** The matches of a {@link MatchTable} as {@link SyntaxMatch} objects. */
export function matchesFromTable(table: MatchTable): SyntaxMatch[] {
  const matches: SyntaxMatch[] = new Array(table.matchCount);
  for (let match = 0; match < table.matchCount; match += 1) {
    const end = table.captureOffsets[match + 1] ?? 0;
    const captures: SyntaxCapture[] = [];
    for (let capture = table.captureOffsets[match] ?? 0; capture < end; capture += 1) {
      captures.push({ name: table.captureNames[table.captureIds[capture] ?? 0] ?? '', node: table.node(capture) });
    }
    matches[match] = { patternIndex: table.patternIndexes[match] ?? 0, captures };
  }
  return matches;
}

/** The matches of `query` on `tree` as a {@link MatchTable}: the query's own, or one built from its matches. */
export function matchTableOf(query: SyntaxQuery, tree: SyntaxTree, options?: SyntaxQueryOptions): MatchTable {
  return query.matchTable?.(tree, options) ?? matchTableFromMatches(query.matches(tree, options));
}

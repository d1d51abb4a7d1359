import { dirname } from 'node:path';
import type { Random } from '@swespot/core';
import { editsOverlap } from './apply-edits';
import type { SyntheticBug } from './synthetic-bug';

/** A validated single bug that combine may join with others. */
export interface ValidatedSingleBug {
  readonly id: string;
  readonly bug: SyntheticBug;
}

/** Options of {@link planCombinedBugs}. */
export interface PlanCombinedBugsOptions {
  readonly singles: readonly ValidatedSingleBug[];
  readonly random: Random;
  /** Combinations to plan at most. */
  readonly limit: number;
  /** Bugs per combination, at least 2. Default: 2 to 3. */
  readonly minimumSize?: number;
  readonly maximumSize?: number;
}

/**
 * SWE-smith's combine (same file, then same module): plans harder bugs by joining 2–3
 * validated single bugs of distinct entities whose edits do not overlap. Groups by file
 * first, then by folder; the combined bug runs the union of the singles' tests and must be
 * validated again. Deterministic for the `random` stream; never the same set twice.
 */
export function planCombinedBugs(options: PlanCombinedBugsOptions): SyntheticBug[] {
  const minimum = Math.max(2, options.minimumSize ?? 2);
  const maximum = Math.max(minimum, options.maximumSize ?? 3);
  const singles = options.singles.filter((single) => single.bug.parts.length > 0 && new Set(single.bug.parts.map((part) => part.entity)).size === 1);
  const planned: SyntheticBug[] = [];
  const seen = new Set<string>();
  for (const keyOf of [(single: ValidatedSingleBug) => single.bug.parts[0]!.path, (single: ValidatedSingleBug) => dirname(single.bug.parts[0]!.path)]) {
    const groups = new Map<string, ValidatedSingleBug[]>();
    for (const single of singles) {
      const key = keyOf(single);
      groups.set(key, [...(groups.get(key) ?? []), single]);
    }
    const keys = options.random.shuffle([...groups.keys()].sort());
    // Rounds over the groups until the limit, or until a round finds no new combination.
    for (let round = 0, added = 1; round < 50 && added > 0 && planned.length < options.limit; round++) {
      added = 0;
      for (const key of keys) {
        if (planned.length >= options.limit) break;
        const group = groups.get(key)!;
        const entities = new Set(group.map((single) => single.bug.parts[0]!.entity));
        if (entities.size < minimum) continue;
        const size = options.random.integer(minimum, Math.min(maximum, entities.size));
        const chosen: ValidatedSingleBug[] = [];
        for (const single of options.random.shuffle(group)) {
          if (chosen.length >= size) break;
          const entity = single.bug.parts[0]!.entity;
          if (chosen.some((other) => other.bug.parts[0]!.entity === entity)) continue;
          const edits = single.bug.parts.flatMap((part) => part.edits);
          if (chosen.some((other) => other.bug.parts.some((part) => part.path === single.bug.parts[0]!.path && editsOverlap(part.edits, edits)))) continue;
          chosen.push(single);
        }
        if (chosen.length < minimum) continue;
        const ids = chosen.map((single) => single.id).sort();
        if (seen.has(ids.join(' '))) continue;
        seen.add(ids.join(' '));
        const testFiles = [...new Set(chosen.flatMap((single) => single.bug.testFiles))].sort();
        added++;
        planned.push({
          strategy: 'combine',
          originStrategy: 'combine',
          parts: chosen.flatMap((single) => single.bug.parts),
          testFiles,
          testReasons: Object.fromEntries(testFiles.map((path) => [path, chosen.map((single) => single.bug.testReasons[path]).find((reason) => reason !== undefined) ?? 'given'])),
          combines: ids,
        });
      }
    }
  }
  return planned;
}

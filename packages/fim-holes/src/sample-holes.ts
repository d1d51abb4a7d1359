import { createRandom, InvalidArgumentError } from '@swespot/core';
import type { HoleCandidate } from './find-hole-candidates';

/** Options of {@link sampleHoles}. */
export interface SampleHolesOptions {
  /** Tasks to choose (each one hole, or up to `holesPerTask`). Must be 1 or more. */
  readonly count: number;
  /** Seed of every random choice; the same seed and candidates give the same tasks. */
  readonly seed: number | string;
  /**
   * Largest share of the tasks that may be negative (local logic only), from 0 to 1.
   * Default: 0.1, so at least 90% are positive; negatives are only taken beside positives.
   */
  readonly negativeRatio?: number;
  /** Most holes in one task (more holes come from the same file, never overlapping). Default: 1. */
  readonly holesPerTask?: number;
  /** Extra weight of a candidate whose file has tests (so a filled hole can be checked). Default: 2. */
  readonly testedWeight?: number;
  /** Whether a file has tests (code-index's `testsFor`). Default: none have. */
  readonly hasTests?: (path: string) => boolean;
}

/** One task's holes, in file order, and why they were chosen. */
export interface SampledTask {
  /** One file's holes, in file order, not overlapping. */
  readonly holes: readonly HoleCandidate[];
  readonly classification: 'positive' | 'negative';
  /** Dependencies this task added to the coverage when it was chosen (positives). */
  readonly newDependencies: number;
}

/**
 * The weight of a candidate: commits in the hotness window on a log scale (a definition
 * changed 15 times weighs 5, an untouched one 1), times `testedWeight` when its file has tests.
 */
export function candidateWeight(candidate: HoleCandidate, options: Pick<SampleHolesOptions, 'testedWeight' | 'hasTests'> = {}): number {
  const hotness = 1 + Math.log2(1 + candidate.commitCount);
  return options.hasTests?.(candidate.path) === true ? hotness * (options.testedWeight ?? 2) : hotness;
}

/** A dependency's identity for coverage: the defining file and the target (line, else name). */
function dependencyKey(dependency: HoleCandidate['dependencies'][number]): string {
  return `${dependency.definedIn}\u0000${dependency.line ?? dependency.symbol}`;
}

const overlaps = (left: HoleCandidate, right: HoleCandidate) =>
  left.path === right.path && left.byteRange.start < right.byteRange.end && right.byteRange.start < left.byteRange.end;

/**
 * Chooses FIM tasks from hole candidates, the way SWE-Spot's appendix B.2 describes:
 * positives first, coverage-greedy (each pick maximises weight × (1 + dependencies not yet
 * covered) × a seeded random factor, with lazy re-scoring since coverage gains only shrink),
 * weighted by hotness; negatives heavily downsampled to at most `negativeRatio` of the
 * tasks, drawn by weight. No definition is chosen twice (as a whole and as a body), and the
 * holes of one task never overlap. Deterministic for a seed.
 *
 * @throws {InvalidArgumentError} for a `count` below 1, a `negativeRatio` outside [0, 1) or a bad `holesPerTask`.
 */
export function sampleHoles(candidates: readonly HoleCandidate[], options: SampleHolesOptions): SampledTask[] {
  const { count, seed } = options;
  const negativeRatio = options.negativeRatio ?? 0.1;
  const holesPerTask = options.holesPerTask ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError({ argument: 'count', message: `count: expected a whole number of tasks, 1 or more; got ${count}.` });
  }
  if (!(negativeRatio >= 0 && negativeRatio < 1)) {
    throw new InvalidArgumentError({ argument: 'negativeRatio', message: `negativeRatio: expected a share from 0 up to (not including) 1; got ${negativeRatio}.` });
  }
  if (!Number.isInteger(holesPerTask) || holesPerTask < 1) {
    throw new InvalidArgumentError({ argument: 'holesPerTask', message: `holesPerTask: expected a whole number, 1 or more; got ${holesPerTask}.` });
  }
  const random = createRandom(seed).fork('fim-holes/sample');
  // One random factor per candidate, drawn in candidate order, so the choice does not depend on scoring order.
  const jitter = candidates.map(() => 0.5 + 0.5 * random.next());
  const weights = candidates.map((candidate) => candidateWeight(candidate, options));
  // One task per definition (never its whole and its body in two tasks); a class and one of
  // its methods may be two tasks, but never holes of one task.
  const chosenDefinitions = new Set<string>();
  const definitionOf = (candidate: HoleCandidate) => `${candidate.path}\u0000${candidate.symbol}`;
  const isFree = (candidate: HoleCandidate) => !chosenDefinitions.has(definitionOf(candidate));
  const take = (candidate: HoleCandidate) => chosenDefinitions.add(definitionOf(candidate));
  const covered = new Set<string>();
  const gainOf = (candidate: HoleCandidate) => new Set(candidate.dependencies.map(dependencyKey).filter((key) => !covered.has(key))).size;

  // Positives: lazy greedy over a max-heap of (possibly stale) scores.
  const tasks: SampledTask[] = [];
  const positives = candidates.map((_, index) => index).filter((index) => candidates[index]!.classification === 'positive');
  const heap = new MaxHeap(positives.map((index) => ({ index, score: weights[index]! * (1 + gainOf(candidates[index]!)) * jitter[index]! })));
  const positiveTarget = negativeRatio === 0 ? count : count - Math.floor(count * negativeRatio);
  while (tasks.length < positiveTarget && heap.size > 0) {
    const top = heap.pop()!;
    const candidate = candidates[top.index]!;
    if (!isFree(candidate)) continue;
    const gain = gainOf(candidate);
    const score = weights[top.index]! * (1 + gain) * jitter[top.index]!;
    if (score < top.score && heap.size > 0 && score < heap.peek()!.score) {
      heap.push({ index: top.index, score });
      continue;
    }
    const holes = [candidate];
    take(candidate);
    if (holesPerTask > 1) {
      const companions = positives
        .map((index) => candidates[index]!)
        .filter((other) => other.path === candidate.path && other !== candidate)
        .sort((left, right) => right.dependencies.length - left.dependencies.length || left.byteRange.start - right.byteRange.start);
      for (const other of companions) {
        if (holes.length >= holesPerTask) break;
        if (isFree(other) && !holes.some((hole) => overlaps(hole, other))) {
          holes.push(other);
          take(other);
        }
      }
    }
    const before = covered.size;
    for (const hole of holes) for (const dependency of hole.dependencies) covered.add(dependencyKey(dependency));
    tasks.push({ holes: holes.sort((left, right) => left.byteRange.start - right.byteRange.start), classification: 'positive', newDependencies: covered.size - before });
  }

  // Negatives: at most negativeRatio of all tasks, by weight, never overlapping a chosen hole.
  const negativeLimit = Math.floor((tasks.length * negativeRatio) / (1 - negativeRatio) + 1e-9);
  const negativeCount = Math.min(count - tasks.length, negativeLimit);
  if (negativeCount > 0) {
    const negatives = candidates.filter((candidate) => candidate.classification === 'negative');
    const order = random.fork('negatives').weightedSample(
      negatives,
      negatives.map((candidate) => candidateWeight(candidate, options)),
      negatives.length,
    );
    let taken = 0;
    for (const candidate of order) {
      if (taken >= negativeCount) break;
      if (!isFree(candidate)) continue;
      take(candidate);
      tasks.push({ holes: [candidate], classification: 'negative', newDependencies: 0 });
      taken++;
    }
  }
  return tasks;
}

/** A binary max-heap of scored candidate indexes; ties go to the lower index, so the order is total. */
class MaxHeap {
  readonly #items: { index: number; score: number }[] = [];

  constructor(items: readonly { index: number; score: number }[]) {
    for (const item of items) this.push(item);
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): { index: number; score: number } | undefined {
    return this.#items[0];
  }

  push(item: { index: number; score: number }): void {
    const items = this.#items;
    items.push(item);
    let position = items.length - 1;
    while (position > 0) {
      const parent = (position - 1) >>> 1;
      if (!this.#above(items[position]!, items[parent]!)) break;
      [items[position], items[parent]] = [items[parent]!, items[position]!];
      position = parent;
    }
  }

  pop(): { index: number; score: number } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let position = 0;
      for (;;) {
        const left = position * 2 + 1;
        const right = left + 1;
        let best = position;
        if (left < items.length && this.#above(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.#above(items[right]!, items[best]!)) best = right;
        if (best === position) break;
        [items[position], items[best]] = [items[best]!, items[position]!];
        position = best;
      }
    }
    return top;
  }

  #above(left: { index: number; score: number }, right: { index: number; score: number }): boolean {
    return left.score > right.score || (left.score === right.score && left.index < right.index);
  }
}

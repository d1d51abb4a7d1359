/**
 * Rename detection as `git diff -M` does it (diffcore-rename.c and diffcore-delta.c of
 * git 2.3x), so that the isomorphic-git backend pairs deletions with additions, and scores
 * them, the way the git CLI does: exact renames first (same blob, same basename
 * preferred), then unique basenames at 75% similarity, then the best-scoring pairs of the
 * remaining ones at 50%, within a limit of 1000 × 1000 candidates.
 */

/** A deleted or added file offered to {@link detectRenames}. */
export interface RenameCandidate {
  readonly path: string;
  readonly mode: string;
  readonly sha: string;
  /** The file's bytes, read only when a content comparison is needed. */
  readonly load: () => Promise<Uint8Array>;
}

/** A rename found by {@link detectRenames}: indexes into the sources and destinations, and git's similarity percent. */
export interface DetectedRename {
  readonly source: number;
  readonly destination: number;
  readonly similarity: number;
}

/** git's scale of similarity scores. */
const MAX_SCORE = 60000;
/** `-M` without a number: 50%. */
const MINIMUM_SCORE = 30000;
const NUM_CANDIDATE_PER_DESTINATION = 4;
const RENAME_LIMIT = 1000;
const HASHBASE = 107927;

interface Spec {
  readonly candidate: RenameCandidate;
  data?: Uint8Array;
  spans?: Map<number, number>;
  used: boolean;
}

/**
 * Pairs `sources` (deleted files) with `destinations` (added files) as renames.
 * Returns the pairs in destination order.
 */
export async function detectRenames(
  sources: readonly RenameCandidate[],
  destinations: readonly RenameCandidate[],
): Promise<DetectedRename[]> {
  if (sources.length === 0 || destinations.length === 0) return [];
  const sourceSpecs: Spec[] = sources.map((candidate) => ({ candidate, used: false }));
  const destinationSpecs: Spec[] = destinations.map((candidate) => ({ candidate, used: false }));
  const match = new Map<number, { source: number; score: number }>();
  const record = (destination: number, source: number, score: number) => {
    sourceSpecs[source]!.used = true;
    match.set(destination, { source, score });
  };

  // Exact renames: the same blob, preferring a source with the same basename.
  const bySha = new Map<string, number[]>();
  sourceSpecs.forEach((spec, index) => {
    const list = bySha.get(spec.candidate.sha) ?? [];
    list.push(index);
    bySha.set(spec.candidate.sha, list);
  });
  destinationSpecs.forEach((destination, destinationIndex) => {
    const candidates = bySha.get(destination.candidate.sha);
    if (!candidates) return;
    let best = -1;
    let bestScore = -1;
    for (const sourceIndex of candidates) {
      const source = sourceSpecs[sourceIndex]!;
      if ((!isRegular(source.candidate.mode) || !isRegular(destination.candidate.mode)) && source.candidate.mode !== destination.candidate.mode) continue;
      if (source.used) continue;
      const score = 1 + (basename(source.candidate.path) === basename(destination.candidate.path) ? 1 : 0);
      if (score > bestScore) {
        best = sourceIndex;
        bestScore = score;
        if (score === 2) break;
      }
    }
    if (best >= 0) record(destinationIndex, best, MAX_SCORE);
  });

  // Unique basenames on both sides, at a higher bar.
  const minimumBasenameScore = MINIMUM_SCORE + Math.trunc(0.5 * (MAX_SCORE - MINIMUM_SCORE));
  const sourceByBase = uniqueBasenames(sourceSpecs, (spec) => !spec.used);
  const destinationByBase = uniqueBasenames(destinationSpecs, (_, index) => !match.has(index));
  for (let sourceIndex = 0; sourceIndex < sourceSpecs.length; sourceIndex += 1) {
    const source = sourceSpecs[sourceIndex]!;
    if (source.used) continue;
    const base = basename(source.candidate.path);
    const uniqueSource = sourceByBase.get(base);
    const uniqueDestination = destinationByBase.get(base);
    if (uniqueSource === undefined || uniqueDestination === undefined || uniqueSource === -1 || uniqueDestination === -1) continue;
    if (match.has(uniqueDestination)) continue;
    const score = await estimateSimilarity(sourceSpecs[uniqueSource]!, destinationSpecs[uniqueDestination]!, MINIMUM_SCORE);
    if (score < minimumBasenameScore) continue;
    record(uniqueDestination, uniqueSource, score);
  }

  // The matrix of what is left.
  const remainingSources = sourceSpecs.map((spec, index) => (spec.used ? -1 : index)).filter((index) => index >= 0);
  const remainingDestinations = destinationSpecs.map((_, index) => (match.has(index) ? -1 : index)).filter((index) => index >= 0);
  if (
    remainingSources.length > 0 &&
    remainingDestinations.length > 0 &&
    remainingSources.length * remainingDestinations.length <= RENAME_LIMIT * RENAME_LIMIT
  ) {
    const scores: Score[] = [];
    for (const destinationIndex of remainingDestinations) {
      const best: Score[] = Array.from({ length: NUM_CANDIDATE_PER_DESTINATION }, () => ({ source: -1, destination: -1, score: 0, nameScore: 0 }));
      for (const sourceIndex of remainingSources) {
        const source = sourceSpecs[sourceIndex]!;
        const destination = destinationSpecs[destinationIndex]!;
        const candidate: Score = {
          source: sourceIndex,
          destination: destinationIndex,
          score: await estimateSimilarity(source, destination, MINIMUM_SCORE),
          nameScore: basename(source.candidate.path) === basename(destination.candidate.path) ? 1 : 0,
        };
        recordIfBetter(best, candidate);
      }
      scores.push(...best);
    }
    scores.sort(compareScores);
    for (const score of scores) {
      if (score.destination < 0 || score.score < MINIMUM_SCORE) break;
      if (match.has(score.destination) || sourceSpecs[score.source]!.used) continue;
      record(score.destination, score.source, score.score);
    }
  }

  return [...match.entries()]
    .sort(([left], [right]) => left - right)
    .map(([destination, { source, score }]) => ({ source, destination, similarity: Math.trunc((score * 100) / MAX_SCORE) }));
}

interface Score {
  source: number;
  destination: number;
  score: number;
  nameScore: number;
}

function compareScores(left: Score, right: Score): number {
  if (left.destination < 0) return right.destination >= 0 ? 1 : 0;
  if (right.destination < 0) return -1;
  if (left.score === right.score) return right.nameScore - left.nameScore;
  return right.score - left.score;
}

function recordIfBetter(best: Score[], candidate: Score): void {
  let worst = 0;
  for (let index = 1; index < best.length; index += 1) {
    if (compareScores(best[index]!, best[worst]!) > 0) worst = index;
  }
  if (compareScores(best[worst]!, candidate) > 0) best[worst] = candidate;
}

function uniqueBasenames(specs: readonly Spec[], include: (spec: Spec, index: number) => boolean): Map<string, number> {
  const result = new Map<string, number>();
  specs.forEach((spec, index) => {
    if (!include(spec, index)) return;
    const base = basename(spec.candidate.path);
    result.set(base, result.has(base) ? -1 : index);
  });
  return result;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isRegular(mode: string): boolean {
  return mode.startsWith('100');
}

async function estimateSimilarity(source: Spec, destination: Spec, minimumScore: number): Promise<number> {
  if (!isRegular(source.candidate.mode) || !isRegular(destination.candidate.mode)) return 0;
  const sourceData = (source.data ??= await source.candidate.load());
  const destinationData = (destination.data ??= await destination.candidate.load());
  const maxSize = Math.max(sourceData.length, destinationData.length);
  const baseSize = Math.min(sourceData.length, destinationData.length);
  const deltaSize = maxSize - baseSize;
  if (maxSize * (MAX_SCORE - minimumScore) < deltaSize * MAX_SCORE) return 0;
  source.spans ??= hashSpans(sourceData);
  destination.spans ??= hashSpans(destinationData);
  let copied = 0;
  for (const [hash, sourceCount] of source.spans) {
    const destinationCount = destination.spans.get(hash) ?? 0;
    copied += Math.min(sourceCount, destinationCount);
  }
  if (destinationData.length === 0) return 0;
  return Math.trunc((copied * MAX_SCORE) / maxSize);
}

/** diffcore-delta's span hashes: chunks ending at a newline or at 64 bytes, counted by hash. */
function hashSpans(data: Uint8Array): Map<number, number> {
  const isText = !isBinary(data);
  const spans = new Map<number, number>();
  let accumulator1 = 0;
  let accumulator2 = 0;
  let count = 0;
  const add = () => {
    const hash = ((accumulator1 + Math.imul(accumulator2, 0x61)) >>> 0) % HASHBASE;
    spans.set(hash, (spans.get(hash) ?? 0) + count);
  };
  for (let index = 0; index < data.length; index += 1) {
    const byte = data[index]!;
    if (isText && byte === 13 && index + 1 < data.length && data[index + 1] === 10) continue;
    const previous1 = accumulator1;
    accumulator1 = ((accumulator1 << 7) ^ (accumulator2 >>> 25)) >>> 0;
    accumulator2 = ((accumulator2 << 7) ^ (previous1 >>> 25)) >>> 0;
    accumulator1 = (accumulator1 + byte) >>> 0;
    count += 1;
    if (count < 64 && byte !== 10) continue;
    add();
    count = 0;
    accumulator1 = 0;
    accumulator2 = 0;
  }
  if (count > 0) add();
  return spans;
}

/** git's binary test: a NUL byte in the first 8000 bytes. */
export function isBinary(data: Uint8Array): boolean {
  const limit = Math.min(data.length, 8000);
  for (let index = 0; index < limit; index += 1) if (data[index] === 0) return true;
  return false;
}

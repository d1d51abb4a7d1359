import type { CodeIndex } from '@swespot/code-index';
import { createRandom, InvalidArgumentError, type DesignTarget } from '@swespot/core';

/** The three granularities of SWE-Spot's design probes: a module (folder), a file, a code chunk (class or function). */
export type DesignGranularityGroup = 'module' | 'file' | 'chunk';

/** The group of a target's granularity: `class` and `function` targets are chunks. */
export function granularityGroup(target: Pick<DesignTarget, 'granularity'>): DesignGranularityGroup {
  return target.granularity === 'module' ? 'module' : target.granularity === 'file' ? 'file' : 'chunk';
}

/** Options of {@link selectDesignTargets}. */
export interface SelectDesignTargetsOptions {
  readonly index: CodeIndex;
  /** Targets to choose. Must be 1 or more. */
  readonly count: number;
  readonly seed: number | string;
  /** Share of each granularity. Default: module 0.2, file 0.3, chunk 0.5; a group short of candidates gives its share to the others. */
  readonly shares?: Readonly<Record<DesignGranularityGroup, number>>;
  /** Commits per folder in the hotness window (see `countFolderCommits`). Default: the largest file count in the folder. */
  readonly folderCommits?: ReadonlyMap<string, number>;
  /** Fewest lines of a class or function target. Default: 15. */
  readonly minimumChunkLines?: number;
  /** Fewest source files of a module target. Default: 2. */
  readonly minimumModuleFiles?: number;
  /** Paths to leave out besides tests. */
  readonly excludePath?: (path: string) => boolean;
}

const NON_PROJECT_FOLDERS = /(^|\/)(tests?|testing|__tests__|docs?|examples?|vendor|vendored|_vendor|third_party|node_modules|benchmarks?)(\/|$)/;

/** A weighted candidate target. */
interface Candidate {
  readonly target: DesignTarget;
  readonly weight: number;
}

const weightOf = (commits: number) => 1 + Math.log2(1 + commits);

/**
 * The candidates of each granularity: folders holding at least `minimumModuleFiles` source
 * files, source files with at least one class or function, and classes, functions and
 * methods of at least `minimumChunkLines` lines. Test, documentation, example and vendored
 * code is left out. Each carries its commit count in the hotness window.
 */
export function designTargetCandidates(options: Omit<SelectDesignTargetsOptions, 'count' | 'seed' | 'shares'>): Record<DesignGranularityGroup, Candidate[]> {
  const { index } = options;
  const minimumChunkLines = options.minimumChunkLines ?? 15;
  const minimumModuleFiles = options.minimumModuleFiles ?? 2;
  const candidates: Record<DesignGranularityGroup, Candidate[]> = { module: [], file: [], chunk: [] };
  const folders = new Map<string, { files: number; commits: number }>();
  for (const file of index.files) {
    if (file.isTest || NON_PROJECT_FOLDERS.test(file.path) || options.excludePath?.(file.path) === true) continue;
    const definitions = file.entities.filter((entity) => entity.kind === 'class' || entity.kind === 'function' || entity.kind === 'method');
    if (definitions.length === 0) continue;
    const fileCommits = file.hotness?.commitCount ?? 0;
    candidates.file.push({ target: { granularity: 'file', path: file.path, commitCount: fileCommits }, weight: weightOf(fileCommits) });
    const slash = file.path.lastIndexOf('/');
    const folder = slash === -1 ? '' : file.path.slice(0, slash);
    if (folder !== '') {
      const entry = folders.get(folder) ?? { files: 0, commits: 0 };
      entry.files += 1;
      entry.commits = Math.max(entry.commits, fileCommits);
      folders.set(folder, entry);
    }
    const kinds = new Map(file.entities.map((entity) => [entity.qualifiedName, entity.kind]));
    for (const entity of definitions) {
      const parentKind = entity.parent === undefined ? undefined : kinds.get(entity.parent);
      if (parentKind === 'function' || parentKind === 'method') continue;
      if (entity.lineRange.end - entity.lineRange.start + 1 < minimumChunkLines) continue;
      const commits = entity.hotness?.commitCount ?? 0;
      candidates.chunk.push({
        target: {
          granularity: entity.kind === 'class' ? 'class' : 'function',
          path: file.path,
          symbol: entity.qualifiedName,
          lines: { start: entity.lineRange.start, end: entity.lineRange.end },
          commitCount: commits,
        },
        weight: weightOf(commits),
      });
    }
  }
  for (const [folder, entry] of [...folders].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))) {
    if (entry.files < minimumModuleFiles) continue;
    const commits = options.folderCommits?.get(folder) ?? entry.commits;
    candidates.module.push({ target: { granularity: 'module', path: folder, commitCount: commits }, weight: weightOf(commits) });
  }
  return candidates;
}

/**
 * Chooses design probe targets at three granularities (modules, files, code chunks),
 * without repeats, each group drawn by weight without replacement, the weight rising with
 * the target's commits in the hotness window (SWE-Spot B.1: hotter regions are more central
 * to the repository's evolution). Deterministic for a seed. Returns them grouped in the
 * order module, file, chunk.
 *
 * @throws {InvalidArgumentError} for a `count` below 1 or shares that are negative or all zero.
 */
export function selectDesignTargets(options: SelectDesignTargetsOptions): DesignTarget[] {
  const { count } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError({ argument: 'count', message: `count: expected a whole number of probes, 1 or more; got ${count}.` });
  }
  const shares = options.shares ?? { module: 0.2, file: 0.3, chunk: 0.5 };
  const groups: DesignGranularityGroup[] = ['module', 'file', 'chunk'];
  if (groups.some((group) => !(shares[group] >= 0)) || groups.every((group) => shares[group] === 0)) {
    throw new InvalidArgumentError({ argument: 'shares', message: `shares: expected module, file and chunk shares of 0 or more, not all 0; got ${JSON.stringify(shares)}.` });
  }
  const candidates = designTargetCandidates(options);
  // Largest-remainder allocation of count over the groups, capped by what each group has;
  // what a group cannot take goes to the others in proportion to their shares.
  const allocation: Record<DesignGranularityGroup, number> = { module: 0, file: 0, chunk: 0 };
  let remaining = count;
  let open = groups.filter((group) => shares[group] > 0 && candidates[group].length > 0);
  while (remaining > 0 && open.length > 0) {
    const total = open.reduce((sum, group) => sum + shares[group], 0);
    const exact = open.map((group) => ({ group, value: (remaining * shares[group]) / total }));
    const given = exact.map(({ group, value }) => ({ group, value: Math.floor(value), remainder: value - Math.floor(value) }));
    let left = remaining - given.reduce((sum, entry) => sum + entry.value, 0);
    for (const entry of [...given].sort((first, second) => second.remainder - first.remainder || groups.indexOf(first.group) - groups.indexOf(second.group))) {
      if (left === 0) break;
      entry.value++;
      left--;
    }
    for (const { group, value } of given) {
      const room = candidates[group].length - allocation[group];
      const take = Math.min(room, value);
      allocation[group] += take;
      remaining -= take;
    }
    open = open.filter((group) => allocation[group] < candidates[group].length);
  }
  const random = createRandom(options.seed).fork('design-probes/targets');
  return groups.flatMap((group) => {
    const pool = candidates[group];
    if (allocation[group] === 0) return [];
    return random
      .fork(group)
      .weightedSample(
        pool,
        pool.map((candidate) => candidate.weight),
        allocation[group],
      )
      .map((candidate) => candidate.target);
  });
}

import type { TaskInstance } from '@swespot/core';
import { cutoffInstant, instanceCreatedAt } from './select-post-cutoff';

/** One repository's post-cutoff instance counts, as {@link rankRepositories} gives them. */
export interface RepositoryRank {
  readonly repo: string;
  /** Dated instances created after the cutoff, over every task. */
  readonly postCutoff: number;
  /** The same, per task kind. */
  readonly byKind: Readonly<Record<string, number>>;
}

/**
 * Ranks repositories by their number of instances created after the cutoff, over every task
 * given (SWE-Spot picks its seven repositories this way: django 118, matplotlib 32, sphinx 23,
 * sympy 22, ... in SWE-bench Verified). Undated instances do not count. Ties go by name.
 */
export function rankRepositories(instances: readonly TaskInstance[], options: { readonly cutoff?: string } = {}): RepositoryRank[] {
  const limit = options.cutoff === undefined ? Number.NEGATIVE_INFINITY : Date.parse(cutoffInstant(options.cutoff));
  const ranks = new Map<string, { postCutoff: number; byKind: Record<string, number> }>();
  for (const instance of instances) {
    const createdAt = instanceCreatedAt(instance);
    if (createdAt === undefined || !(Date.parse(createdAt) > limit)) continue;
    const rank = ranks.get(instance.repo) ?? { postCutoff: 0, byKind: {} };
    rank.postCutoff++;
    rank.byKind[instance.kind] = (rank.byKind[instance.kind] ?? 0) + 1;
    ranks.set(instance.repo, rank);
  }
  return [...ranks.entries()]
    .map(([repo, rank]) => ({ repo, ...rank }))
    .sort((left, right) => right.postCutoff - left.postCutoff || left.repo.localeCompare(right.repo));
}

/**
 * Keeps the instances (of every task, dated or not) of the `k` repositories with the most
 * post-cutoff instances (see {@link rankRepositories}).
 */
export function selectTopRepositories(
  instances: readonly TaskInstance[],
  options: { readonly k: number; readonly cutoff?: string },
): { readonly kept: TaskInstance[]; readonly repositories: RepositoryRank[] } {
  const repositories = rankRepositories(instances, options).slice(0, options.k);
  const chosen = new Set(repositories.map((rank) => rank.repo));
  return { kept: instances.filter((instance) => chosen.has(instance.repo)), repositories };
}

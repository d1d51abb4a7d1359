import { InvalidArgumentError, type TaskInstance } from '@swespot/core';

/** The instant an instance was created: `createdAt` of bugfix, feature and test-repro instances; none for qa, design and fim. */
export function instanceCreatedAt(instance: TaskInstance): string | undefined {
  return 'createdAt' in instance && typeof instance.createdAt === 'string' ? instance.createdAt : undefined;
}

/** Options of {@link selectPostCutoff}. */
export interface SelectPostCutoffOptions {
  /** The knowledge cutoff: an ISO date-time, or a date alone meaning the end of that day (UTC), as the paper's 2020-12-31. */
  readonly cutoff: string;
  /**
   * What to do with instances that carry no date (SWE-QA questions): `keep` them (they ask
   * about a pinned later commit, reported apart) or `drop` them. Default: `keep`.
   */
  readonly undated?: 'keep' | 'drop';
}

/** What {@link selectPostCutoff} kept and left out. */
export interface PostCutoffSelection {
  readonly kept: TaskInstance[];
  /** Instances created at or before the cutoff. */
  readonly beforeCutoff: TaskInstance[];
  /** Instances without a date, kept or dropped by `undated`. */
  readonly undated: TaskInstance[];
  /** The cutoff as an instant (ISO 8601, UTC). */
  readonly cutoff: string;
}

/** The cutoff instant: a date alone (`2020-12-31`) is the last second of that day, UTC. */
export function cutoffInstant(cutoff: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(cutoff) ? `${cutoff}T23:59:59Z` : cutoff;
  const time = Date.parse(instant);
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError({ argument: 'cutoff', message: `cutoff: ${JSON.stringify(cutoff)} is not a date; write YYYY-MM-DD or an ISO 8601 date-time.` });
  }
  return new Date(time).toISOString();
}

/**
 * The temporal protocol's filter: keeps instances created strictly after the cutoff (SWE-Spot:
 * PR `created_at` > 2020-12-31T23:59:59Z). Instances with no date are kept or dropped by
 * `undated` and listed apart.
 *
 * @example
 * ```ts
 * const { kept } = selectPostCutoff(instances, { cutoff: '2020-12-31' });
 * ```
 */
export function selectPostCutoff(instances: readonly TaskInstance[], options: SelectPostCutoffOptions): PostCutoffSelection {
  const cutoff = cutoffInstant(options.cutoff);
  const limit = Date.parse(cutoff);
  const kept: TaskInstance[] = [];
  const beforeCutoff: TaskInstance[] = [];
  const undated: TaskInstance[] = [];
  for (const instance of instances) {
    const createdAt = instanceCreatedAt(instance);
    if (createdAt === undefined) {
      undated.push(instance);
      if ((options.undated ?? 'keep') === 'keep') kept.push(instance);
    } else if (Date.parse(createdAt) > limit) kept.push(instance);
    else beforeCutoff.push(instance);
  }
  return { kept, beforeCutoff, undated, cutoff };
}

import type { TaskInstance, Trajectory } from '@swespot/core';

/** How a training record meets an evaluation instance. */
export type LeakKind = 'instance' | 'pull-request' | 'commit';

/** One training record that shares an instance, a pull request or a commit with the evaluation set. */
export interface Leak {
  readonly kind: LeakKind;
  /** The evaluation instance. */
  readonly evalId: string;
  /** The training record: `task <id>` or `trajectory <id>`. */
  readonly training: string;
  /** What they share, e.g. `django/django#13837` or a commit id. */
  readonly shared: string;
}

/** Inputs of {@link checkLeakage}. */
export interface CheckLeakageOptions {
  /** The evaluation instances. */
  readonly evaluation: readonly TaskInstance[];
  /** Training tasks (any kind). */
  readonly trainingTasks?: readonly TaskInstance[];
  /** Training trajectories. */
  readonly trainingTrajectories?: readonly Pick<Trajectory, 'id' | 'taskId'>[];
}

const PULL_URL = /github\.com\/([^/\s]+\/[^/\s]+)\/pull\/(\d+)/;
const SWE_BENCH_ID = /^[^_\s]+__[^_\s]+-(\d+)$/;
const COMMIT = /\b[0-9a-f]{7,40}\b/g;

/** The pull request behind an instance: `prNumber`, a pull URL in its origin, a PR mirror's number, or the SWE-bench id's number. */
export function pullRequestOf(instance: TaskInstance): number | undefined {
  if ('prNumber' in instance && typeof instance.prNumber === 'number') return instance.prNumber;
  if (instance.kind === 'bugfix' && instance.bugOrigin.type === 'pr-mirror') return instance.bugOrigin.prNumber;
  const url = PULL_URL.exec(instance.provenance.origin ?? '');
  if (url && url[1] === instance.repo) return Number(url[2]);
  const id = SWE_BENCH_ID.exec(instance.id);
  return id ? Number(id[1]) : undefined;
}

/** The commits an evaluation instance names: its base commit and environment setup commit. */
function evaluationCommits(instance: TaskInstance): string[] {
  const commits = [instance.snapshot.commit];
  if ('environmentSetupCommit' in instance && typeof instance.environmentSetupCommit === 'string') commits.push(instance.environmentSetupCommit);
  return commits;
}

/** The commits a training task names outside its snapshot: its origin (a commit URL or id) and, for change tasks, the commit the change sits on. */
function trainingCommits(task: TaskInstance): string[] {
  const commits = [...((task.provenance.origin ?? '').match(COMMIT) ?? [])];
  // A change task (a mirrored PR, a reproduction) built on the very commit an evaluation task starts from is the same change.
  if (task.kind === 'bugfix' || task.kind === 'feature' || task.kind === 'test-repro') commits.push(task.snapshot.commit);
  return commits;
}

function sameCommit(left: string, right: string): boolean {
  const length = Math.min(left.length, right.length);
  return length >= 7 && left.slice(0, length) === right.slice(0, length);
}

/**
 * The temporal protocol's leakage check: every training record (task or trajectory) that
 * shares an instance id, a pull request (same repository and number) or a commit (an
 * evaluation base or setup commit named by a training change task) with an evaluation
 * instance. A trajectory leaks when its task id is an evaluation id or the id of a leaking
 * training task. An empty list means the sets are disjoint.
 *
 * @example
 * ```ts
 * const leaks = checkLeakage({ evaluation, trainingTasks, trainingTrajectories });
 * if (leaks.length > 0 && !allowLeakage) throw new LeakageError({ leaks });
 * ```
 */
export function checkLeakage(options: CheckLeakageOptions): Leak[] {
  const leaks: Leak[] = [];
  const byId = new Map(options.evaluation.map((instance) => [instance.id, instance]));
  const byPull = new Map<string, TaskInstance>();
  for (const instance of options.evaluation) {
    const pull = pullRequestOf(instance);
    if (pull !== undefined) byPull.set(`${instance.repo}#${pull}`, instance);
  }
  const evalCommits = options.evaluation.flatMap((instance) => evaluationCommits(instance).map((commit) => ({ commit, instance })));
  const leakingTasks = new Map<string, Leak>();
  for (const task of options.trainingTasks ?? []) {
    const training = `task ${task.id}`;
    const found: Leak[] = [];
    const sameId = byId.get(task.id) ?? byId.get(task.provenance.origin ?? '');
    if (sameId) found.push({ kind: 'instance', evalId: sameId.id, training, shared: sameId.id });
    const pull = pullRequestOf(task);
    const pullKey = `${task.repo}#${pull}`;
    if (pull !== undefined && byPull.has(pullKey)) found.push({ kind: 'pull-request', evalId: byPull.get(pullKey)!.id, training, shared: pullKey });
    for (const commit of trainingCommits(task)) {
      const match = evalCommits.find((entry) => entry.instance.repo === task.repo && sameCommit(entry.commit, commit));
      if (match) {
        found.push({ kind: 'commit', evalId: match.instance.id, training, shared: commit });
        break;
      }
    }
    if (found.length > 0) leakingTasks.set(task.id, found[0]!);
    leaks.push(...found);
  }
  for (const trajectory of options.trainingTrajectories ?? []) {
    const training = `trajectory ${trajectory.id}`;
    const direct = byId.get(trajectory.taskId);
    if (direct) leaks.push({ kind: 'instance', evalId: direct.id, training, shared: direct.id });
    else if (leakingTasks.has(trajectory.taskId)) {
      const through = leakingTasks.get(trajectory.taskId)!;
      leaks.push({ ...through, training });
    }
  }
  return leaks;
}

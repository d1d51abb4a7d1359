import { mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { assertRepositoryFolder } from '../git/assert-repository-folder';
import { parseCommitObject } from '../git/parse-commit-object';
import { claimOutputFolder } from '../output-path/claim-output-path';
import { runGit } from '../git/run-git';
import { toUnixSeconds } from '../git/to-unix-seconds';
import { auditSnapshot, type SnapshotAuditReport } from './audit-snapshot';

/**
 * How much history a snapshot keeps:
 * - `none`: a fresh repository with one commit holding the tree of the chosen commit
 *   (nothing else: the fix of a bug injected later cannot be found in past history);
 * - `truncated`: the chosen commit with all its ancestors and their original ids, and
 *   nothing after it.
 */
export type SnapshotHistory = 'none' | 'truncated';

/** Options of {@link createSnapshot}. Give `cutoff`, `commit`, or both. */
export interface CreateSnapshotOptions {
  /** The source repository: a work tree or a bare repository. It is only read. */
  readonly repo: string;
  /**
   * The knowledge cutoff (ISO 8601 or `Date`; a date alone means 00:00:00 UTC that day).
   * The snapshot is the last commit on the first-parent line of `ref` whose **committer**
   * date is at or before it. With `commit`, the commit must be at or before it.
   */
  readonly cutoff?: string | Date;
  /** The commit to snapshot. Default: chosen by `cutoff`. The cutoff then defaults to its committer date. */
  readonly commit?: string;
  /** The branch whose first-parent line the cutoff walks. Default: `HEAD`. */
  readonly ref?: string;
  /** See {@link SnapshotHistory}. Default: `none`. */
  readonly history?: SnapshotHistory;
  /**
   * Where the snapshot goes: a missing or empty folder, or a snapshot made before with
   * the same source commit, history and cutoff (then it is reused as is).
   */
  readonly into: string;
  /** The snapshot's branch name. Default: `main`. */
  readonly branch?: string;
  /** The git executable. Default: `git`. */
  readonly gitBinary?: string;
  readonly abortSignal?: AbortSignal;
}

/** A snapshot made (or found) by {@link createSnapshot}. */
export interface SnapshotInfo {
  /** The snapshot's work tree. */
  readonly directory: string;
  /** HEAD of the snapshot (equals `sourceCommit` for `truncated`; a new root commit for `none`). */
  readonly commit: string;
  /** The commit of the source repository the snapshot holds. */
  readonly sourceCommit: string;
  /** The source commit's committer date, ISO 8601 UTC. */
  readonly committedAt: string;
  /** The cutoff the snapshot was audited against, ISO 8601 UTC. */
  readonly cutoff: string;
  readonly history: SnapshotHistory;
  readonly branch: string;
  /** True when an existing snapshot was reused instead of made. */
  readonly reused: boolean;
  /** The audit made when the snapshot was made. */
  readonly audit: SnapshotAuditReport;
}

/** The file in a snapshot's git folder that records how it was made. */
export const SNAPSHOT_MANIFEST = 'swespot-snapshot.json';

/**
 * Makes a working copy of a repository at a cutoff with sanitised history, audits it
 * with {@link auditSnapshot}, and records how it was made so that the same request later
 * reuses it. Per-task copies come from {@link copySnapshot}.
 *
 * When it fails (a bad repository or cutoff, a leak, an abort) it removes only what it made:
 * the folder when it created it, else what it put into the empty folder it was given. A
 * path that is a file, or whose parent cannot take a new folder, is refused before anything.
 *
 * How: a new repository borrows the source's objects through an alternates file only
 * while its one branch is set (to the chosen commit, or to a new root commit of its tree
 * for `none`); `git pack-objects --revs` then copies exactly the objects reachable from
 * that branch into one pack, the alternates file is removed, and the tree is checked out with
 * `git read-tree -u`. No remote, tag, other branch, reflog, stash, `FETCH_HEAD` or
 * `ORIG_HEAD` is ever created, and no object of a later commit is ever copied.
 *
 * @throws {InvalidArgumentError} when `repo` is not a folder, no commit is at or before the
 *   cutoff, the commit is after the cutoff, or `into` is a file, cannot be made or holds
 *   something else.
 * @throws {SnapshotLeakError} when the audit finds a leak (a commit in the kept history
 *   committed after the cutoff, e.g. from clock skew: use history `none` then).
 */
export async function createSnapshot(options: CreateSnapshotOptions): Promise<SnapshotInfo> {
  const { cutoff, ref = 'HEAD', history = 'none', branch = 'main', gitBinary = 'git', abortSignal } = options;
  const repo = resolve(options.repo);
  const into = resolve(options.into);
  if (cutoff === undefined && options.commit === undefined) {
    throw new InvalidArgumentError({ message: 'createSnapshot: give a cutoff, a commit, or both.', argument: 'cutoff' });
  }
  if (history !== 'none' && history !== 'truncated') {
    throw new InvalidArgumentError({ message: `history: ${JSON.stringify(history)} is not one of none, truncated.`, argument: 'history' });
  }
  if (cutoff !== undefined) toUnixSeconds(cutoff, 'cutoff');
  await assertRepositoryFolder(repo, 'repo');
  const claim = await claimOutputFolder(into, { argument: 'into' });
  try {
    return await makeSnapshot({ ...options, repo, into, ref, history, branch, gitBinary }, claim.entries.length);
  } catch (error) {
    await claim.discard();
    throw error;
  }
}

/** The work of {@link createSnapshot} once `into` is claimed (`entries`: how many names it held). */
async function makeSnapshot(
  options: CreateSnapshotOptions & Required<Pick<CreateSnapshotOptions, 'ref' | 'history' | 'branch' | 'gitBinary'>>,
  entries: number,
): Promise<SnapshotInfo> {
  const { cutoff, ref, history, branch, gitBinary, abortSignal, repo, into } = options;
  const inRepo = (args: string[], input?: string) =>
    runGit(args, { cwd: repo, gitBinary, ...(input === undefined ? {} : { input }), ...(abortSignal ? { abortSignal } : {}) });
  const inSnapshot = (args: string[], env?: Record<string, string>) =>
    runGit(args, { cwd: into, gitBinary, ...(env ? { env } : {}), ...(abortSignal ? { abortSignal } : {}) });

  const cutoffSeconds = cutoff === undefined ? undefined : toUnixSeconds(cutoff, 'cutoff');
  let sourceCommit: string;
  if (options.commit !== undefined) {
    if (options.commit.startsWith('-')) throw new InvalidArgumentError({ message: `commit: ${JSON.stringify(options.commit)} is not a commit id.`, argument: 'commit' });
    sourceCommit = await inRepo(['rev-parse', '--verify', '--end-of-options', `${options.commit}^{commit}`]).then(
      (result) => result.stdout.toString('utf8').trim(),
      (error: unknown) => {
        throw new InvalidArgumentError({ message: `${repo}: no commit ${JSON.stringify(options.commit)}.`, argument: 'commit', cause: error });
      },
    );
  } else {
    const result = await inRepo(['log', '--first-parent', '--format=%H', '-1', `--until=@${cutoffSeconds}`, '--end-of-options', ref, '--']);
    sourceCommit = result.stdout.toString('utf8').trim();
    if (!sourceCommit) {
      throw new InvalidArgumentError({
        message: `${repo}: no commit on the first-parent line of ${ref} was committed at or before ${new Date(cutoffSeconds! * 1000).toISOString()}; choose a later cutoff.`,
        argument: 'cutoff',
      });
    }
  }
  const raw = await inRepo(['cat-file', 'commit', sourceCommit]);
  const commit = parseCommitObject(sourceCommit, raw.stdout);
  if (cutoffSeconds !== undefined && commit.committer.timestamp > cutoffSeconds) {
    throw new InvalidArgumentError({
      message: `commit ${sourceCommit} was committed ${commit.committer.date}, after the cutoff ${new Date(cutoffSeconds * 1000).toISOString()}; choose an earlier commit or a later cutoff.`,
      argument: 'commit',
    });
  }
  const auditCutoff = new Date((cutoffSeconds ?? commit.committer.timestamp) * 1000).toISOString();

  const manifestPath = join(into, '.git', SNAPSHOT_MANIFEST);
  const existing = await readManifest(manifestPath);
  if (existing) {
    if (existing.sourceCommit === sourceCommit && existing.history === history && existing.cutoff === auditCutoff && existing.branch === branch) {
      return { ...existing, directory: into, reused: true };
    }
    throw new InvalidArgumentError({
      message: `${into} already holds a snapshot of ${existing.sourceCommit} (${existing.history}, cutoff ${existing.cutoff}); choose another folder for ${sourceCommit} (${history}, cutoff ${auditCutoff}).`,
      argument: 'into',
    });
  }
  if (entries > 0) {
    throw new InvalidArgumentError({ message: `${into} is not empty; give a new or empty folder for the snapshot.`, argument: 'into' });
  }

  const sourceObjects = (await inRepo(['rev-parse', '--path-format=absolute', '--git-path', 'objects'])).stdout.toString('utf8').trim();
  await inSnapshot(['init', '-q', '--template=', `--initial-branch=${branch}`]);
  await inSnapshot(['config', 'core.logAllRefUpdates', 'false']);
  await inSnapshot(['config', 'gc.auto', '0']);
  const alternates = join(into, '.git', 'objects', 'info', 'alternates');
  await mkdir(join(into, '.git', 'objects', 'info'), { recursive: true });
  await writeFile(alternates, `${sourceObjects}\n`);
  let head = sourceCommit;
  if (history === 'none') {
    const identity = {
      GIT_AUTHOR_NAME: commit.author.name || 'swespot',
      GIT_AUTHOR_EMAIL: commit.author.email || 'snapshot@swespot.invalid',
      GIT_AUTHOR_DATE: `@${commit.author.timestamp} ${zone(commit.author.timezoneOffsetMinutes)}`,
      GIT_COMMITTER_NAME: commit.committer.name || 'swespot',
      GIT_COMMITTER_EMAIL: commit.committer.email || 'snapshot@swespot.invalid',
      GIT_COMMITTER_DATE: `@${commit.committer.timestamp} ${zone(commit.committer.timezoneOffsetMinutes)}`,
    };
    head = (await inSnapshot(['commit-tree', commit.tree, '-m', 'Initial commit'], identity)).stdout.toString('utf8').trim();
  }
  await inSnapshot(['update-ref', '--no-deref', `refs/heads/${branch}`, head]);
  // pack-objects --revs copies exactly the objects reachable from the branch, borrowed
  // ones included. (`repack -a` would also copy every object of a promisor pack of a
  // partial clone, reachable or not.)
  await mkdir(join(into, '.git', 'objects', 'pack'), { recursive: true });
  await runGit(['pack-objects', '--revs', '--delta-base-offset', '-q', join(into, '.git', 'objects', 'pack', 'pack')], {
    cwd: into,
    gitBinary,
    input: `refs/heads/${branch}\n`,
    ...(abortSignal ? { abortSignal } : {}),
  });
  await unlink(alternates);
  await inSnapshot(['prune-packed', '-q']);
  await inSnapshot(['read-tree', '-u', '--reset', 'HEAD']);
  const audit = await auditSnapshot(into, auditCutoff, { gitBinary, ...(abortSignal ? { abortSignal } : {}) });
  const manifest: Omit<SnapshotInfo, 'reused' | 'directory'> = {
    commit: head,
    sourceCommit,
    committedAt: commit.committer.date,
    cutoff: auditCutoff,
    history,
    branch,
    audit,
  };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, directory: into, reused: false };
}

/** Reads the manifest of an existing snapshot, or `undefined` when there is none. */
export async function readSnapshotManifest(directory: string): Promise<Omit<SnapshotInfo, 'reused' | 'directory'> | undefined> {
  return readManifest(join(resolve(directory), '.git', SNAPSHOT_MANIFEST));
}

async function readManifest(path: string): Promise<Omit<SnapshotInfo, 'reused' | 'directory'> | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as Omit<SnapshotInfo, 'reused' | 'directory'>;
}

function zone(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

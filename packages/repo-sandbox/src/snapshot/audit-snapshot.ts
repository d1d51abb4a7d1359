import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CatFileBatch } from '../git/cat-file-batch';
import { parseSignature } from '../git/parse-commit-object';
import { assertRepositoryFolder } from '../git/assert-repository-folder';
import { runGit } from '../git/run-git';
import { streamGit } from '../git/stream-git';
import { toUnixSeconds } from '../git/to-unix-seconds';
import { SnapshotLeakError } from './snapshot-leak-error';

/** What kind of thing leaks past the cutoff. */
export type SnapshotLeakKind =
  | 'future-commit'
  | 'future-tag'
  | 'unreachable-object'
  | 'ref-outside-history'
  | 'remote-tracking-ref'
  | 'stash'
  | 'reflog-entry'
  | 'pseudo-ref'
  | 'remote'
  | 'alternates'
  | 'worktree'
  | 'no-head';

/** One leak found by {@link auditSnapshot}. */
export interface SnapshotLeak {
  readonly kind: SnapshotLeakKind;
  /** What and where, e.g. `refs/tags/v2.0 -> 1a2b... (committed 2021-03-01T10:00:00.000Z)`. */
  readonly detail: string;
  /** The object involved, when there is one. */
  readonly object?: string;
}

/** A ref seen by the audit. */
export interface AuditedRef {
  readonly name: string;
  /** The object the ref points to (for an annotated tag: the tag object). */
  readonly target: string;
}

/** What {@link auditSnapshot} found. `leaks` is empty when the snapshot is clean. */
export interface SnapshotAuditReport {
  readonly directory: string;
  /** The cutoff, ISO 8601 UTC; committer and tagger dates must be at or before it. */
  readonly cutoff: string;
  /** The commit HEAD points to, or `null` when there is none. */
  readonly head: string | null;
  /** Every ref (branches, tags, remote-tracking refs, stash, notes, ...). */
  readonly refs: readonly AuditedRef[];
  /** Pseudo-refs found in the git folder (`FETCH_HEAD`, `ORIG_HEAD`, ...). */
  readonly pseudoRefs: readonly string[];
  /** Entries in all reflogs. */
  readonly reflogEntries: number;
  /** Objects counted: loose and packed (from `git count-objects`), every object, commits among them, and how many are reachable from HEAD. */
  readonly objects: { readonly loose: number; readonly packed: number; readonly total: number; readonly commits: number; readonly reachable: number };
  /** The newest committer date of any commit in the repository, ISO 8601 UTC, or `null`. */
  readonly newestCommitAt: string | null;
  /** Leaks found, at most {@link MAX_LISTED_LEAKS_PER_KIND} of each kind (see `leakCounts` for all). */
  readonly leaks: readonly SnapshotLeak[];
  /** How many leaks of each kind were found, listed or not; a kind not found is absent. */
  readonly leakCounts: Readonly<Partial<Record<SnapshotLeakKind, number>>>;
}

/** How many leaks of one kind a report lists; `leakCounts` has the totals. */
export const MAX_LISTED_LEAKS_PER_KIND = 50;

/** All leaks of a report, listed or not (reports saved before `leakCounts` existed count their list). */
export function countLeaks(report: Pick<SnapshotAuditReport, 'leaks'> & { readonly leakCounts?: SnapshotAuditReport['leakCounts'] }): number {
  if (report.leakCounts === undefined) return report.leaks.length;
  return Object.values(report.leakCounts).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** Options of {@link auditSnapshot}. */
export interface AuditSnapshotOptions {
  /** Throw a {@link SnapshotLeakError} when a leak is found. Default: true. */
  readonly throwOnLeak?: boolean;
  /** The git executable. Default: `git`. */
  readonly gitBinary?: string;
  readonly abortSignal?: AbortSignal;
}

const PSEUDO_REFS = ['FETCH_HEAD', 'ORIG_HEAD', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'REBASE_HEAD', 'BISECT_HEAD', 'AUTO_MERGE'];

/**
 * Proves that the repository in `directory` holds nothing from after `cutoff`: enumerates
 * every ref, pseudo-ref, reflog entry and object (loose and packed, alternates included),
 * and reports a leak for
 * - a commit whose **committer** date is after the cutoff (author dates are not compared:
 *   a commit authored earlier and committed later became visible when committed),
 * - an annotated tag whose tagger date is after the cutoff,
 * - any object not reachable from HEAD (except annotated tags of allowed commits),
 * - a ref pointing outside HEAD's history, any remote-tracking ref, a stash, any reflog
 *   entry, a pseudo-ref (`FETCH_HEAD`, `ORIG_HEAD`, ...), a configured remote, an
 *   alternates file, or another work tree.
 *
 * @param cutoff ISO 8601 date or `Date`; a date without a time means 00:00:00 UTC that day.
 * @throws {SnapshotLeakError} with the report when a leak is found (unless `throwOnLeak` is false).
 */
export async function auditSnapshot(
  directory: string,
  cutoff: string | Date,
  options: AuditSnapshotOptions = {},
): Promise<SnapshotAuditReport> {
  const { throwOnLeak = true, gitBinary = 'git', abortSignal } = options;
  const cutoffSeconds = toUnixSeconds(cutoff, 'cutoff');
  await assertRepositoryFolder(directory, 'directory');
  const git = (args: string[], allowedExitCodes: number[] = []) =>
    runGit(args, { cwd: directory, gitBinary, allowedExitCodes, ...(abortSignal ? { abortSignal } : {}) });
  const leaks: SnapshotLeak[] = [];
  const perKind = new Map<SnapshotLeakKind, number>();
  const leak = (kind: SnapshotLeakKind, detail: string, object?: string) => {
    const count = (perKind.get(kind) ?? 0) + 1;
    perKind.set(kind, count);
    if (count <= MAX_LISTED_LEAKS_PER_KIND) leaks.push({ kind, detail, ...(object ? { object } : {}) });
  };
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

  const gitdir = (await git(['rev-parse', '--absolute-git-dir'])).stdout.toString('utf8').trim();
  const headResult = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [1]);
  const head = headResult.exitCode === 0 ? headResult.stdout.toString('utf8').trim() : null;
  if (!head) leak('no-head', 'HEAD does not point to a commit; a snapshot has exactly one checked-out commit');

  // Everything reachable from HEAD: the allowed history.
  const reachable = new Set<string>();
  if (head) {
    for await (const line of streamGit(['rev-list', '--objects', head], { cwd: directory, gitBinary, separator: 10, ...(abortSignal ? { abortSignal } : {}) })) {
      reachable.add(line.toString('latin1', 0, line.indexOf(0x20) === -1 ? line.length : line.indexOf(0x20)));
    }
  }

  // Every object in the repository, whatever holds it.
  const types = new Map<string, string>();
  for await (const line of streamGit(['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)', '--unordered'], {
    cwd: directory,
    gitBinary,
    separator: 10,
    ...(abortSignal ? { abortSignal } : {}),
  })) {
    const text = line.toString('latin1');
    const space = text.indexOf(' ');
    types.set(text.slice(0, space), text.slice(space + 1));
  }

  const batch = new CatFileBatch(directory, gitBinary);
  const allowedTags = new Set<string>();
  const refs: AuditedRef[] = [];
  let newestCommit = -Infinity;
  try {
    // Commit dates of every commit object, reachable or not.
    const commitIds = [...types].filter(([, type]) => type === 'commit').map(([sha]) => sha);
    const commits = commitIds.length;
    // Requests are pipelined: many in flight on the one cat-file process, answered in order.
    for (let start = 0; start < commitIds.length; start += 2000) {
      abortSignal?.throwIfAborted();
      const objects = await Promise.all(commitIds.slice(start, start + 2000).map((sha) => batch.read(sha)));
      for (const object of objects) {
        if (!object) continue;
        const header = object.data.toString('utf8', 0, Math.max(0, object.data.indexOf('\n\n')));
        const committerLine = header.split('\n').find((line) => line.startsWith('committer '));
        const time = parseSignature(committerLine?.slice('committer '.length) ?? '').timestamp;
        newestCommit = Math.max(newestCommit, time);
        if (time > cutoffSeconds) leak('future-commit', `${object.sha} committed ${iso(time)}`, object.sha);
      }
    }

    // Refs.
    const refOutput = (await git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)'])).stdout.toString('utf8');
    for (const line of refOutput.split('\n')) {
      if (line === '') continue;
      const [name = '', target = '', type = ''] = line.split('\0');
      refs.push({ name, target });
      if (name.startsWith('refs/remotes/')) leak('remote-tracking-ref', `${name} -> ${target}`, target);
      else if (name === 'refs/stash') leak('stash', `${name} -> ${target}`, target);
      if (type === 'tag') {
        const tag = await batch.read(target);
        const text = tag?.data.toString('utf8') ?? '';
        const peeled = /^object ([0-9a-f]+)/m.exec(text)?.[1] ?? '';
        const tagger = /^tagger (.*)$/m.exec(text)?.[1];
        const time = tagger ? parseSignature(tagger).timestamp : undefined;
        if (time !== undefined && time > cutoffSeconds) leak('future-tag', `${name} tagged ${iso(time)}`, target);
        if (reachable.has(peeled)) allowedTags.add(target);
        else leak('ref-outside-history', `${name} -> ${peeled} is not in HEAD's history`, peeled);
      } else if (!reachable.has(target)) {
        leak('ref-outside-history', `${name} -> ${target} is not in HEAD's history`, target);
      }
    }

    // Objects outside the allowed history.
    for (const [sha, type] of types) {
      if (reachable.has(sha) || allowedTags.has(sha)) continue;
      leak('unreachable-object', `${type} ${sha} is not reachable from HEAD`, sha);
    }

    const counts = parseCountObjects((await git(['count-objects', '-v'])).stdout.toString('utf8'));

    // Pseudo-refs, reflogs, remotes, alternates, other work trees.
    const pseudoRefs: string[] = [];
    for (const pseudo of PSEUDO_REFS) {
      if (await exists(join(gitdir, pseudo))) {
        pseudoRefs.push(pseudo);
        leak('pseudo-ref', `${pseudo} exists in ${gitdir}`);
      }
    }
    let reflogEntries = 0;
    for (const file of await listFiles(join(gitdir, 'logs'))) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
      reflogEntries += lines.length;
      for (const line of lines) {
        const [, newSha = ''] = line.split(' ');
        leak('reflog-entry', `${relative(gitdir, file)}: ${line.slice(0, 120)}`, newSha);
      }
    }
    const remotes = await git(['config', '--get-regexp', '^remote\\.'], [1]);
    for (const line of remotes.stdout.toString('utf8').split('\n')) {
      if (line.includes('.url ')) leak('remote', `remote configured: ${line.split(' ')[0]}`);
    }
    if (await exists(join(gitdir, 'objects/info/alternates'))) {
      leak('alternates', `${join(gitdir, 'objects/info/alternates')} borrows objects from another repository`);
    }
    for (const worktree of await readdir(join(gitdir, 'worktrees')).catch(() => [] as string[])) {
      leak('worktree', `another work tree is registered: ${worktree}`);
    }

    const report: SnapshotAuditReport = {
      directory,
      cutoff: iso(cutoffSeconds),
      head,
      refs,
      pseudoRefs,
      reflogEntries,
      objects: { loose: counts.loose, packed: counts.packed, total: types.size, commits, reachable: reachable.size },
      newestCommitAt: Number.isFinite(newestCommit) ? iso(newestCommit) : null,
      leaks,
      leakCounts: Object.fromEntries(perKind),
    };
    if (throwOnLeak && leaks.length > 0) throw new SnapshotLeakError({ report });
    return report;
  } finally {
    batch.close();
  }
}

/** A one-line summary of an audit, e.g. `clean: 1 ref, 0 reflog entries, 5,210 objects (0 loose, 5,210 packed), newest commit 2019-12-31T...`. */
export function formatAuditSummary(report: SnapshotAuditReport): string {
  const number = (value: number) => value.toLocaleString('en-US');
  const total = countLeaks(report);
  const kinds = Object.entries(report.leakCounts ?? {}).map(([kind, count]) => `${number(count ?? 0)} ${kind}`);
  const state = total === 0 ? 'clean' : `${number(total)} leak(s)${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`;
  return `${state}: cutoff ${report.cutoff}, ${number(report.refs.length)} ref(s), ${number(report.reflogEntries)} reflog entries, ${number(report.objects.total)} objects (${number(report.objects.loose)} loose, ${number(report.objects.packed)} packed, ${number(report.objects.commits)} commits, ${number(report.objects.reachable)} reachable from HEAD), newest commit ${report.newestCommitAt ?? 'none'}`;
}

function parseCountObjects(text: string): { loose: number; packed: number } {
  const value = (key: string) => Number(new RegExp(`^${key}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { loose: value('count'), packed: value('in-pack') };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

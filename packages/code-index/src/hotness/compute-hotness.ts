import type { CodeHotness, CodeIndexRecord, GitCommitV1, GitReaderV1 } from '@swespot/core';
import { InvalidArgumentError } from '@swespot/core';
import { CodeIndex } from '../code-index';
import { hunksTouch, mapRangeToOldSide, type Lines } from './map-line-range';
import { parseUnifiedDiff } from './parse-unified-diff';

/** Options of {@link computeHotness}. */
export interface HotnessOptions {
  /** Reader of the repository the index was built from (a snapshot at the cutoff). */
  readonly git: GitReaderV1;
  /** The commit whose lines the index describes. Default: the index's commit, else `HEAD`. */
  readonly commit?: string;
  /** Count commits whose committer date is at or after this time. Default: from the first commit. */
  readonly since?: string | Date;
  /** Count commits whose committer date is at or before this time. Default: up to `commit`. */
  readonly until?: string | Date;
  /** Follow first parents only, so a merged branch counts once, as its merge. Default: true. */
  readonly firstParent?: boolean;
  /** Stop after this many commits. Default: no limit. */
  readonly maxCommits?: number;
  /**
   * Called after each commit's diff is read, with the commits walked so far and the commits
   * to walk in all (the slow part: about one `git diff` per commit).
   */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  readonly abortSignal?: AbortSignal;
}

interface TrackedEntity {
  readonly fileIndex: number;
  readonly entityIndex: number;
  lines: Lines;
  readonly commits: Set<string>;
  readonly authors: Set<string>;
}

interface TrackedFile {
  readonly fileIndex: number;
  readonly commits: Set<string>;
  readonly authors: Set<string>;
  entities: TrackedEntity[];
}

/**
 * Counts, for every file and entity of `index`, the commits in a time window that changed
 * it and their distinct authors. History is walked newest first from the indexed commit;
 * each commit's diff is read with no context lines and every entity's line range is carried
 * to the parent's coordinates hunk by hunk (and across renames), so a function counts the
 * commits that touched its own lines even when code above it moved. Returns a new index.
 */
export async function computeHotness(index: CodeIndex, options: HotnessOptions): Promise<CodeIndex> {
  const { git, abortSignal } = options;
  const record = index.toRecord();
  const start = options.commit ?? record.commit ?? (await git.resolveRef('HEAD', { abortSignal }));
  const until = toTime(options.until, 'until');
  const since = toTime(options.since, 'since');
  const firstParent = options.firstParent ?? true;

  const tracked = new Map<string, TrackedFile>();
  const files = record.files.map((file, fileIndex) => {
    const entry: TrackedFile = {
      fileIndex,
      commits: new Set(),
      authors: new Set(),
      entities: file.entities.flatMap((entity, entityIndex) =>
        entity.kind === 'module'
          ? []
          : [{ fileIndex, entityIndex, lines: { ...entity.lineRange }, commits: new Set<string>(), authors: new Set<string>() }],
      ),
    };
    tracked.set(file.path, entry);
    return entry;
  });
  const allEntities = files.flatMap((file) => file.entities);

  // The log is read first (one fast git process) so the diffs, one per commit, can report progress.
  const commits: GitCommitV1[] = [];
  for await (const commit of git.log({
    ref: start,
    firstParent,
    ...(options.since === undefined ? {} : { since: options.since }),
    abortSignal,
  })) {
    abortSignal?.throwIfAborted();
    if (options.maxCommits !== undefined && commits.length >= options.maxCommits) break;
    commits.push(commit);
  }
  let commitsScanned = 0;
  for (const commit of commits) {
    abortSignal?.throwIfAborted();
    if (tracked.size === 0) break;
    commitsScanned += 1;
    const committed = Date.parse(commit.committer.date);
    const counts = (until === undefined || committed <= until) && (since === undefined || committed >= since);
    const author = commit.author.email.toLowerCase();
    const patch = await git.diffPatch(commit.parents[0] ?? null, commit.sha, { contextLines: 0, detectRenames: true, abortSignal });
    const moves: [string, string, TrackedFile][] = [];
    for (const change of parseUnifiedDiff(patch)) {
      if (change.newPath === null) continue;
      const file = tracked.get(change.newPath);
      if (file === undefined) continue;
      if (counts) {
        file.commits.add(commit.sha);
        file.authors.add(author);
      }
      const survivors: TrackedEntity[] = [];
      for (const entity of file.entities) {
        if (counts && hunksTouch(change.hunks, entity.lines)) {
          entity.commits.add(commit.sha);
          entity.authors.add(author);
        }
        const before = change.oldPath === null ? undefined : mapRangeToOldSide(change.hunks, entity.lines);
        if (before !== undefined) {
          entity.lines = before;
          survivors.push(entity);
        }
      }
      file.entities = survivors;
      if (change.oldPath === null) tracked.delete(change.newPath);
      else if (change.oldPath !== change.newPath) moves.push([change.newPath, change.oldPath, file]);
    }
    // Renames apply together: a swap of two paths must not lose either file.
    for (const [newPath] of moves) tracked.delete(newPath);
    for (const [, oldPath, file] of moves) tracked.set(oldPath, file);
    options.onProgress?.({ done: commitsScanned, total: commits.length });
  }

  const hotnessOf = (commits: Set<string>, authors: Set<string>): CodeHotness => ({ commitCount: commits.size, authorCount: authors.size });
  const updated: CodeIndexRecord = {
    ...record,
    hotnessWindow: {
      ...(since === undefined ? {} : { since: new Date(since).toISOString() }),
      ...(until === undefined ? {} : { until: new Date(until).toISOString() }),
      commitsScanned,
      firstParent,
    },
    files: record.files.map((file, fileIndex) => {
      const fileTracking = files[fileIndex] as TrackedFile;
      const fileHotness = hotnessOf(fileTracking.commits, fileTracking.authors);
      const byEntity = new Map(allEntities.filter((entity) => entity.fileIndex === fileIndex).map((entity) => [entity.entityIndex, entity]));
      return {
        ...file,
        hotness: fileHotness,
        entities: file.entities.map((entity, entityIndex) => {
          if (entity.kind === 'module') return { ...entity, hotness: fileHotness };
          const tracking = byEntity.get(entityIndex);
          return { ...entity, hotness: tracking === undefined ? { commitCount: 0, authorCount: 0 } : hotnessOf(tracking.commits, tracking.authors) };
        }),
      };
    }),
  };
  return new CodeIndex(updated, index.linkState);
}

function toTime(value: string | Date | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError({ message: `${option}: expected an ISO 8601 date, got ${String(value)}`, argument: option });
  }
  return time;
}

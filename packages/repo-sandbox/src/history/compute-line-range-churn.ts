import type { GitReaderV1 } from '@swespot/core';
import { hasLogWithChanges } from '../git/git-repository-reader';

/** Options of {@link computeLineRangeChurn}. */
export interface ComputeLineRangeChurnOptions {
  readonly reader: GitReaderV1;
  /** The file, as it is at `ref`. */
  readonly path: string;
  /** First line of the range at `ref`, 1-based. */
  readonly start: number;
  /** Last line of the range at `ref`, 1-based, inclusive. */
  readonly end: number;
  /** Where history starts. Default: `HEAD`. */
  readonly ref?: string;
  /** Start of the window: committer dates at or after it. Default: the first commit. */
  readonly since?: string | Date;
  /** End of the window: committer dates at or before it. Default: no limit. */
  readonly until?: string | Date;
  readonly abortSignal?: AbortSignal;
}

/** How often a range of lines changed in a window. */
export interface LineRangeChurn {
  /** Commits that changed a line of the range, newest first. */
  readonly commits: readonly string[];
  /** Distinct author emails of those commits (lower-cased). */
  readonly authors: number;
}

interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/**
 * Churn of one line range over a time window (like `git log -L start,end:path`, over first
 * parents): walks back from `ref`, keeps the commits whose change touches the range, and
 * maps the range through each change to the lines it came from, following renames. Stops
 * when the range's lines were all added by one commit.
 */
export async function computeLineRangeChurn(options: ComputeLineRangeChurnOptions): Promise<LineRangeChurn> {
  const { reader, ref, since, until, abortSignal } = options;
  let path = options.path;
  let start = options.start;
  let end = options.end;
  const commits: string[] = [];
  const authors = new Set<string>();
  const logOptions = {
    firstParent: true,
    ...(ref === undefined ? {} : { ref }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(abortSignal ? { abortSignal } : {}),
  };
  const source = hasLogWithChanges(reader)
    ? reader.logWithChanges(logOptions)
    : (async function* () {
        for await (const commit of reader.log(logOptions)) {
          yield { commit, files: await reader.diffNameStatus(commit.parents[0] ?? null, commit.sha) };
        }
      })();
  for await (const { commit, files } of source) {
    const file = files.find((entry) => entry.path === path);
    if (!file) continue;
    const parent = commit.parents[0] ?? null;
    const diffPaths = file.oldPath ? [file.oldPath, path] : [path];
    const patch = await reader.diffPatch(parent, commit.sha, { paths: diffPaths, contextLines: 0, ...(abortSignal ? { abortSignal } : {}) });
    const hunks = parseHunks(patch);
    if (hunks.some((hunk) => touches(hunk, start, end))) {
      commits.push(commit.sha);
      authors.add(commit.author.email.toLowerCase());
    }
    if (file.status === 'A') break;
    const mapped = mapRange(hunks, start, end);
    if (!mapped) break;
    [start, end] = mapped;
    if (file.oldPath) path = file.oldPath;
  }
  return { commits, authors: authors.size };
}

function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  for (const match of patch.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    hunks.push({
      oldStart: Number(match[1]),
      oldCount: match[2] === undefined ? 1 : Number(match[2]),
      newStart: Number(match[3]),
      newCount: match[4] === undefined ? 1 : Number(match[4]),
    });
  }
  return hunks;
}

function touches(hunk: Hunk, start: number, end: number): boolean {
  if (hunk.newCount > 0) return hunk.newStart <= end && hunk.newStart + hunk.newCount - 1 >= start;
  // A pure deletion sits between new lines newStart and newStart + 1.
  return hunk.newStart >= start && hunk.newStart < end;
}

/** Maps a new-side line range to the old side; `undefined` when every line of it was added. */
function mapRange(hunks: readonly Hunk[], start: number, end: number): [number, number] | undefined {
  const map = (line: number, edge: 'start' | 'end'): number => {
    let shift = 0;
    for (const hunk of hunks) {
      const newEnd = hunk.newStart + hunk.newCount - 1;
      if (hunk.newCount > 0 && line >= hunk.newStart && line <= newEnd) {
        if (hunk.oldCount === 0) return edge === 'start' ? hunk.oldStart + 1 : hunk.oldStart;
        return edge === 'start' ? hunk.oldStart : hunk.oldStart + hunk.oldCount - 1;
      }
      const before = hunk.newCount > 0 ? newEnd < line : hunk.newStart < line;
      if (before) shift += hunk.oldCount - hunk.newCount;
    }
    return line + shift;
  };
  const oldStart = map(start, 'start');
  const oldEnd = map(end, 'end');
  return oldStart <= oldEnd ? [oldStart, oldEnd] : undefined;
}

import { InvalidArgumentError, type GitReaderV1 } from '@swespot/core';
import type { MinedPullRequest } from './mine-pull-requests';

/**
 * The filters of a selection. Every one is configurable; a preset
 * ({@link RELAXED_SELECTION}, {@link STRICT_SELECTION}) is a starting point.
 */
export interface SelectionSettings {
  /** `none`: any PR; `any`: it refers to an issue; `closing`: it closes one (fixes #N). */
  readonly linkedIssue: 'none' | 'any' | 'closing';
  /** Whether the PR must change a test file. */
  readonly requireTestChange: boolean;
  /** Fewest and most changed source files (`null`: no limit). */
  readonly minSourceFiles: number;
  readonly maxSourceFiles: number | null;
  /** Most changed source lines, added plus removed (`null`: no limit). */
  readonly maxChangedLines: number | null;
  /** Most lines of any changed source file as it is in the snapshot (`null`: no limit). */
  readonly maxCurrentFileLines: number | null;
  /** Whether a PR changing any binary file is refused (otherwise binary non-source files are just not mirrored). */
  readonly rejectBinary: boolean;
}

/** The filter names, in the order they run; a PR is counted against the first that removes it. */
export const SELECTION_FILTERS = ['linked-issue', 'source-change', 'test-change', 'binary', 'source-files', 'changed-lines', 'source-files-gone', 'current-file-lines'] as const;

/** One selection filter. See {@link SELECTION_FILTERS}. */
export type SelectionFilter = (typeof SELECTION_FILTERS)[number];

/**
 * The paper's relaxed selection (SWE-Spot appendix B.3): no linked issue, no test change,
 * loose size limits (up to 25 source files and 3,000 changed lines, any file length).
 */
export const RELAXED_SELECTION: SelectionSettings = {
  linkedIssue: 'none',
  requireTestChange: false,
  minSourceFiles: 1,
  maxSourceFiles: 25,
  maxChangedLines: 3000,
  maxCurrentFileLines: null,
  rejectBinary: false,
};

/**
 * SWE-smith's PR-mirror selection (`should_attempt_recovery` after SWE-bench's collection):
 * a closing issue reference, 1–8 changed source files, at most 500 changed lines, no changed
 * file over 1,000 lines now, no binary file.
 */
export const STRICT_SELECTION: SelectionSettings = {
  linkedIssue: 'closing',
  requireTestChange: false,
  minSourceFiles: 1,
  maxSourceFiles: 8,
  maxChangedLines: 500,
  maxCurrentFileLines: 1000,
  rejectBinary: true,
};

/** The presets by name, for a command line's `--preset`. */
export const SELECTION_PRESETS: Readonly<Record<'relaxed' | 'strict', SelectionSettings>> = { relaxed: RELAXED_SELECTION, strict: STRICT_SELECTION };

/** Options of {@link selectPullRequests}. */
export interface SelectPullRequestsOptions {
  readonly pullRequests: readonly MinedPullRequest[];
  /** The filters. Default: {@link RELAXED_SELECTION}; fields given replace the preset's. */
  readonly settings?: Partial<SelectionSettings>;
  /** Reads the snapshot, to check which changed files still exist and how long they are now. */
  readonly reader: GitReaderV1;
  /** The snapshot's commit. Default: `HEAD`. */
  readonly snapshotCommit?: string;
  readonly abortSignal?: AbortSignal;
}

/** What {@link selectPullRequests} kept, and how many each filter removed. */
export interface PullRequestSelection {
  readonly kept: MinedPullRequest[];
  readonly settings: SelectionSettings;
  /** PRs removed by each filter (the first that failed), every filter listed. */
  readonly removedBy: Record<SelectionFilter, number>;
  /** The filter that removed each PR, by PR number. */
  readonly removed: ReadonlyMap<number, SelectionFilter>;
}

function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 10) count++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? count + 1 : count;
}

/**
 * Runs the selection filters over mined pull requests, in the order of
 * {@link SELECTION_FILTERS}, and counts how many each removed.
 *
 * @example
 * ```ts
 * const selection = await selectPullRequests({ pullRequests, reader, settings: STRICT_SELECTION });
 * console.log(selection.kept.length, selection.removedBy);
 * ```
 */
export async function selectPullRequests(options: SelectPullRequestsOptions): Promise<PullRequestSelection> {
  const settings: SelectionSettings = { ...RELAXED_SELECTION, ...options.settings };
  if (settings.maxSourceFiles !== null && settings.maxSourceFiles < settings.minSourceFiles) {
    throw new InvalidArgumentError({ argument: 'settings.maxSourceFiles', message: `settings.maxSourceFiles (${settings.maxSourceFiles}) is below settings.minSourceFiles (${settings.minSourceFiles}); raise it or lower minSourceFiles.` });
  }
  const signal = options.abortSignal ? { abortSignal: options.abortSignal } : undefined;
  const head = options.snapshotCommit ?? (await options.reader.resolveRef('HEAD', signal));
  const present = new Set((await options.reader.listTree(head, { recursive: true, ...signal })).filter((entry) => entry.type === 'blob').map((entry) => entry.path));
  const lineCounts = new Map<string, number>();
  const removedBy = Object.fromEntries(SELECTION_FILTERS.map((filter) => [filter, 0])) as Record<SelectionFilter, number>;
  const removed = new Map<number, SelectionFilter>();
  const kept: MinedPullRequest[] = [];

  const firstFailing = async (pullRequest: MinedPullRequest): Promise<SelectionFilter | undefined> => {
    const sources = pullRequest.files.filter((file) => file.role === 'source');
    if (settings.linkedIssue === 'any' && pullRequest.issues.length === 0) return 'linked-issue';
    if (settings.linkedIssue === 'closing' && !pullRequest.issues.some((issue) => issue.closing)) return 'linked-issue';
    if (sources.length === 0) return 'source-change';
    if (settings.requireTestChange && !pullRequest.files.some((file) => file.role === 'test')) return 'test-change';
    if (sources.some((file) => file.added === null) || (settings.rejectBinary && pullRequest.files.some((file) => file.added === null))) return 'binary';
    if (sources.length < settings.minSourceFiles || (settings.maxSourceFiles !== null && sources.length > settings.maxSourceFiles)) return 'source-files';
    // As SWE-smith counts: lines of the files that still exist (or that the PR deleted and a bug would restore).
    const living = sources.filter((file) => present.has(file.currentPath ?? file.path) || file.status === 'D');
    const changed = living.reduce((sum, file) => sum + (file.added ?? 0) + (file.removed ?? 0), 0);
    if (settings.maxChangedLines !== null && changed > settings.maxChangedLines) return 'changed-lines';
    if (living.length === 0) return 'source-files-gone';
    if (settings.maxCurrentFileLines !== null) {
      for (const file of living) {
        const path = file.currentPath ?? file.path;
        if (!present.has(path)) continue;
        let lines = lineCounts.get(path);
        if (lines === undefined) {
          const bytes = await options.reader.readFile(head, path, signal);
          lines = bytes === null ? 0 : countLines(bytes);
          lineCounts.set(path, lines);
        }
        if (lines > settings.maxCurrentFileLines) return 'current-file-lines';
      }
    }
    return undefined;
  };

  for (const pullRequest of options.pullRequests) {
    const failed = await firstFailing(pullRequest);
    if (failed === undefined) kept.push(pullRequest);
    else {
      removedBy[failed]++;
      removed.set(pullRequest.number, failed);
    }
  }
  return { kept, settings, removedBy, removed };
}

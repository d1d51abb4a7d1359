import type {
  GitCommitV1,
  GitDiffOptionsV1,
  GitListTreeOptionsV1,
  GitLogOptionsV1,
  GitNameStatusEntryV1,
  GitNumstatEntryV1,
  GitTreeEntryV1,
} from '@swespot/core';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, SandboxCommandError } from '@swespot/core';
import { CatFileBatch } from './cat-file-batch';
import { decodePath } from './decode-path';
import type { GitCommitChanges, GitFileChange, GitLogWithChangesOptions, GitRepositoryReader } from './git-repository-reader';
import { parseCommitObject, parseSignature } from './parse-commit-object';
import { parseNameStatus, parseNumstat, parseNumstatCounts, parseStatusToken, splitNul } from './parse-diff-output';
import { runGit, type RunGitOptions } from './run-git';
import { streamGit } from './stream-git';
import { toUnixSeconds } from './to-unix-seconds';

/** Settings of {@link createGitCliReader}. */
export interface GitCliReaderSettings {
  /** The repository: a work tree (with `.git`) or a bare repository folder. */
  readonly directory: string;
  /** The git executable. Default: `git` on `PATH`. */
  readonly gitBinary?: string;
  /**
   * How many `git log` processes {@link GitRepositoryReader.logWithChanges} runs at once on a
   * first-parent history (git computes line counts on one core per process). Default: the
   * number of cores, at most 4.
   */
  readonly concurrency?: number;
  /** Commits per `git log` process when a first-parent history is read in parallel. Default: 400. */
  readonly sliceSize?: number;
}

/**
 * Options every query passes to git so that a user's configuration cannot change the
 * output: C-quoted non-ASCII paths in patches, the default rename limit, no colour.
 */
const FIXED_CONFIG = [
  '-c',
  'core.quotePath=true',
  '-c',
  'diff.renameLimit=1000',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'log.showSignature=false',
  '--literal-pathspecs',
];

/** Format of one `git log` record: header fields one per line, then the raw message. */
const LOG_FORMAT = 'C%H%n%P%n%T%n%an%n%ae%n%ad%n%cn%n%ce%n%cd%n%B';

/**
 * The native {@link GitRepositoryReader}: the git CLI, batched and streaming. `log` streams
 * one `git log -z` process; commits, files and blobs go through one long-lived
 * `git cat-file --batch`; diffs are `git diff-tree -z`. Arguments are always passed as an
 * array, never through a shell. Creating the reader does no I/O.
 */
export function createGitCliReader(settings: GitCliReaderSettings): GitRepositoryReader {
  const { directory, gitBinary = 'git' } = settings;
  const concurrency = Math.max(1, settings.concurrency ?? Math.min(4, availableParallelism()));
  const sliceSize = Math.max(1, settings.sliceSize ?? 400);
  const batch = new CatFileBatch(directory, gitBinary);
  let emptyTree: Promise<string> | undefined;

  const git = (args: readonly string[], options: Omit<RunGitOptions, 'cwd' | 'gitBinary'> = {}) =>
    runGit([...FIXED_CONFIG, ...args], { cwd: directory, gitBinary, ...options });

  const treeish = async (from: string | null, abortSignal?: AbortSignal): Promise<string> => {
    if (from !== null) return from;
    emptyTree ??= git(['hash-object', '-t', 'tree', '--stdin'], { input: '' }).then((result) =>
      result.stdout.toString('utf8').trim(),
    );
    abortSignal?.throwIfAborted();
    return emptyTree;
  };

  const resolveRef = async (ref: string, options: { abortSignal?: AbortSignal } = {}): Promise<string> => {
    checkName(ref, 'ref');
    try {
      const result = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
        abortSignal: options.abortSignal,
      });
      return result.stdout.toString('utf8').trim();
    } catch (error) {
      if (SandboxCommandError.isInstance(error)) {
        throw new InvalidArgumentError({
          message: `${directory}: no commit named ${JSON.stringify(ref)}; give a branch, tag or commit id that exists in this repository.`,
          argument: 'ref',
          cause: error,
        });
      }
      throw error;
    }
  };

  const logArgs = (options: GitLogOptionsV1): string[] => {
    const args = ['--date=raw', '--no-color'];
    // A first-parent line is already in order; --date-order would make git walk it all before printing.
    if (options.firstParent) args.push('--first-parent');
    else args.push('--date-order');
    if (options.until !== undefined) args.push(`--until=@${toUnixSeconds(options.until, 'until')}`);
    if (options.since !== undefined) args.push(`--since=@${Math.ceil(sinceSeconds(options.since))}`);
    if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
    const ref = options.ref ?? 'HEAD';
    checkName(ref, 'ref');
    args.push('--end-of-options', ref, '--', ...(options.paths ?? []));
    return args;
  };

  const diffArgs = (kind: string[], from: string, to: string, options: GitDiffOptionsV1): string[] => {
    const paths = options.paths ?? [];
    return [
      'diff-tree',
      '-r',
      '--no-commit-id',
      '--no-ext-diff',
      options.detectRenames === false ? '--no-renames' : '-M',
      ...kind,
      '--end-of-options',
      from,
      to,
      '--',
      ...paths,
    ];
  };

  return {
    specificationVersion: 'v1',
    backend: 'git-cli',
    directory,
    resolveRef,

    async readCommit(sha, options = {}): Promise<GitCommitV1> {
      const object = await batch.read(sha, options);
      if (!object || object.type !== 'commit') {
        throw new InvalidArgumentError({
          message: `${directory}: ${JSON.stringify(sha)} is not a commit in this repository.`,
          argument: 'sha',
        });
      }
      return parseCommitObject(object.sha, object.data);
    },

    async *log(options = {}): AsyncIterable<GitCommitV1> {
      const args = [...FIXED_CONFIG, 'log', '-z', `--format=${LOG_FORMAT}`, ...logArgs(options)];
      for await (const record of streamGit(args, { cwd: directory, gitBinary, abortSignal: options.abortSignal })) {
        yield parseLogHeader(record);
      }
    },

    async *logWithChanges(options: GitLogWithChangesOptions = {}): AsyncIterable<GitCommitChanges> {
      const diffArgs = [
        '--raw',
        '--numstat',
        '--root',
        '--no-ext-diff',
        '--diff-merges=first-parent',
        options.detectRenames === false ? '--no-renames' : '-M',
      ];
      const stream = (args: string[], input?: string) =>
        parseLogWithChanges(
          streamGit([...FIXED_CONFIG, 'log', '-z', `--format=${LOG_FORMAT}`, ...diffArgs, ...args], {
            cwd: directory,
            gitBinary,
            ...(input === undefined ? {} : { input }),
            ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          }),
        );
      const parallel = concurrency > 1 && options.firstParent && !options.paths?.length && options.maxCount === undefined;
      if (!parallel) {
        yield* stream(logArgs(options));
        return;
      }
      // Line counts cost git one core per process: list the commits once, then let several
      // `git log --no-walk` processes work on consecutive slices, yielding in order.
      const listed = await git(['rev-list', ...logArgs(options).filter((arg) => arg !== '--date=raw' && arg !== '--no-color')], {
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      });
      const commits = listed.stdout.toString('latin1').split('\n').filter((line) => line !== '');
      const slices: string[][] = [];
      for (let start = 0; start < commits.length; start += sliceSize) slices.push(commits.slice(start, start + sliceSize));
      const collect = async (slice: string[]) => {
        const entries: GitCommitChanges[] = [];
        for await (const entry of stream(['--date=raw', '--no-color', '--no-walk=unsorted', '--stdin'], `${slice.join('\n')}\n`)) entries.push(entry);
        return entries;
      };
      const running: Promise<GitCommitChanges[]>[] = [];
      let next = 0;
      const launch = () => {
        while (next < slices.length && running.length < concurrency) {
          const promise = collect(slices[next++]!);
          promise.catch(() => {});
          running.push(promise);
        }
      };
      launch();
      while (running.length > 0) {
        const entries = await running.shift()!;
        launch();
        yield* entries;
      }
    },

    async readFile(commit, path, options = {}): Promise<Uint8Array | null> {
      if (path.includes('\n')) {
        const result = await git(['cat-file', 'blob', `${commit}:${path}`], { allowedExitCodes: [128], ...options });
        return result.exitCode === 0 ? new Uint8Array(result.stdout) : null;
      }
      const object = await batch.read(`${commit}:${path}`, options);
      return object && object.type === 'blob' ? new Uint8Array(object.data.buffer, object.data.byteOffset, object.data.byteLength) : null;
    },

    async listTree(commit: string, options: GitListTreeOptionsV1 = {}): Promise<readonly GitTreeEntryV1[]> {
      const { path, recursive = true, abortSignal } = options;
      checkName(commit, 'commit');
      const folder = path?.replace(/\/+$/, '');
      const args = ['ls-tree', '-z', '--full-tree', ...(recursive ? ['-r'] : []), '--end-of-options', commit];
      if (folder) args.push('--', `${folder}/`);
      const result = await git(args, { abortSignal });
      return splitNul(result.stdout).map((token) => {
        const tab = token.indexOf(9);
        const [mode = '', type = 'blob', sha = ''] = token.subarray(0, tab).toString('latin1').split(' ');
        const { path: entryPath, rawPath } = decodePath(token.subarray(tab + 1));
        return { path: entryPath, ...(rawPath ? { rawPath } : {}), mode, type: type as GitTreeEntryV1['type'], sha };
      });
    },

    async diffNameStatus(from, to, options = {}): Promise<readonly GitNameStatusEntryV1[]> {
      const result = await git(diffArgs(['-z', '--name-status'], await treeish(from, options.abortSignal), to, options), {
        abortSignal: options.abortSignal,
      });
      return parseNameStatus(result.stdout);
    },

    async diffNumstat(from, to, options = {}): Promise<readonly GitNumstatEntryV1[]> {
      const result = await git(diffArgs(['-z', '--numstat'], await treeish(from, options.abortSignal), to, options), {
        abortSignal: options.abortSignal,
      });
      return parseNumstat(result.stdout);
    },

    async diffPatch(from, to, options = {}): Promise<string> {
      const kind = ['-p', '--full-index', '--no-color', `-U${options.contextLines ?? 3}`];
      const result = await git(diffArgs(kind, await treeish(from, options.abortSignal), to, options), {
        abortSignal: options.abortSignal,
      });
      return result.stdout.toString('utf8');
    },

    close(): void {
      batch.close();
    },
  };
}

function sinceSeconds(value: string | Date): number {
  const date = typeof value === 'string' ? new Date(value) : value;
  toUnixSeconds(value, 'since');
  return date.getTime() / 1000;
}

function checkName(name: string, argument: string): void {
  if (name === '' || name.startsWith('-') || name.includes('\0')) {
    throw new InvalidArgumentError({
      message: `${argument}: ${JSON.stringify(name)} is not a valid git name; give a branch, tag or commit id.`,
      argument,
    });
  }
}

/** Parses one `LOG_FORMAT` record (the leading `C` marker included). */
function parseLogHeader(record: Buffer): GitCommitV1 {
  let start = record[0] === 10 ? 2 : 1;
  const fields: string[] = [];
  for (let field = 0; field < 9; field += 1) {
    const end = record.indexOf(10, start);
    fields.push(record.subarray(start, end).toString('utf8'));
    start = end + 1;
  }
  let message = record.subarray(start).toString('utf8');
  if (message.endsWith('\n')) message = message.slice(0, -1);
  const [sha = '', parents = '', tree = '', authorName = '', authorEmail = '', authorDate = '', committerName = '', committerEmail = '', committerDate = ''] = fields;
  return {
    sha,
    parents: parents === '' ? [] : parents.split(' '),
    tree,
    author: parseSignature(`${authorName} <${authorEmail}> ${authorDate}`),
    committer: parseSignature(`${committerName} <${committerEmail}> ${committerDate}`),
    message,
  };
}

/** Parses `git log -z --raw --numstat` output (records of `LOG_FORMAT`) into commits with their changed files. */
async function* parseLogWithChanges(tokens: AsyncIterable<Buffer>): AsyncGenerator<GitCommitChanges> {
  let current:
    | { commit: GitCommitV1; raw: Omit<GitFileChange, 'added' | 'removed'>[]; counts: { added: number | null; removed: number | null }[] }
    | undefined;
  let pendingPaths = 0;
  let pendingRaw: { status: GitFileChange['status']; similarity?: number } | undefined;
  let pendingOldPath: string | undefined;
  const finish = (): GitCommitChanges | undefined => {
    if (!current) return undefined;
    const { commit, raw, counts } = current;
    return {
      commit,
      files: raw.map((entry, index) => ({ ...entry, added: counts[index]?.added ?? null, removed: counts[index]?.removed ?? null })),
    };
  };
  for await (let token of tokens) {
    if (pendingPaths > 0 && current) {
      pendingPaths -= 1;
      if (pendingRaw) {
        const path = decodePath(token).path;
        if (pendingPaths === 1) pendingOldPath = path;
        else {
          current.raw.push({ ...pendingRaw, path, ...(pendingOldPath === undefined ? {} : { oldPath: pendingOldPath }) });
          pendingRaw = undefined;
          pendingOldPath = undefined;
        }
      }
      continue;
    }
    if (token[0] === 10) token = token.subarray(1);
    const first = token[0];
    if (first === 0x3a /* ':' */ && current) {
      const text = token.toString('latin1');
      const { status, similarity } = parseStatusToken(text.slice(text.lastIndexOf(' ') + 1));
      pendingRaw = similarity === undefined ? { status } : { status, similarity };
      pendingPaths = status === 'R' || status === 'C' ? 2 : 1;
    } else if (first !== undefined && ((first >= 0x30 && first <= 0x39) || first === 0x2d) && current) {
      const { added, removed, path } = parseNumstatCounts(token);
      current.counts.push({ added, removed });
      // A rename's numstat names both paths in the next two tokens; they repeat the raw entry.
      if (path === null) pendingPaths = 2;
    } else if (first === 0x43 /* 'C' */) {
      const done = finish();
      if (done) yield done;
      current = { commit: parseLogHeader(token), raw: [], counts: [] };
    } else {
      throw new Error(`Unexpected token in git log output: ${JSON.stringify(token.subarray(0, 80).toString('utf8'))}`);
    }
  }
  const done = finish();
  if (done) yield done;
}

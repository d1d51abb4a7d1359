import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type {
  GitCommitV1,
  GitDiffOptionsV1,
  GitListTreeOptionsV1,
  GitLogOptionsV1,
  GitNameStatusEntryV1,
  GitNumstatEntryV1,
  GitTreeEntryV1,
} from '@swespot/core';
import { InvalidArgumentError } from '@swespot/core';
import { createReadOnlyFs } from './create-read-only-fs';
import { decodePath, decodeText } from './decode-path';
import { detectRenames, isBinary } from './detect-renames';
import { formatPatch, type PatchFileSide } from './format-patch';
import type { GitCommitChanges, GitFileChange, GitLogWithChangesOptions, GitRepositoryReader } from './git-repository-reader';
import { countLineChanges } from './line-diff';
import { parseCommitObject } from './parse-commit-object';
import { toUnixSeconds } from './to-unix-seconds';

/**
 * A cache shared by isomorphic-git readers: parsed pack indexes and pack contents, so
 * that repeated walks (and several readers of one repository) do not re-read packs. Make
 * one with {@link createIsomorphicGitCache} and pass it to each reader.
 */
export type IsomorphicGitCache = Record<string, unknown>;

/** A new, empty {@link IsomorphicGitCache}. */
export function createIsomorphicGitCache(): IsomorphicGitCache {
  return {};
}

/** Settings of {@link createIsomorphicGitReader}. */
export interface IsomorphicGitReaderSettings {
  /** The repository: a work tree (with `.git`) or a bare repository folder. */
  readonly directory: string;
  /** A cache shared with other readers. Default: one cache per reader. */
  readonly cache?: IsomorphicGitCache;
  /** How many parsed trees and commits the reader keeps in memory. Default: 50,000. */
  readonly objectCacheSize?: number;
}

type IsomorphicGit = typeof import('isomorphic-git');

interface TreeEntry {
  readonly mode: string;
  readonly name: Buffer;
  readonly sha: string;
}

interface RawChange {
  readonly pathBytes: Buffer;
  readonly old?: { readonly mode: string; readonly sha: string };
  readonly new?: { readonly mode: string; readonly sha: string };
}

interface FilePair {
  readonly status: GitFileChange['status'];
  readonly old?: { readonly pathBytes: Buffer; readonly mode: string; readonly sha: string };
  readonly new?: { readonly pathBytes: Buffer; readonly mode: string; readonly sha: string };
  readonly similarity?: number;
}

const ZERO_SHA = '0'.repeat(40);
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The pure-JavaScript {@link GitRepositoryReader} over isomorphic-git, for machines
 * without a `git` binary. Objects are read with isomorphic-git (loose and packed, deltas
 * resolved, pack indexes cached in a shared {@link IsomorphicGitCache}); trees are parsed
 * from their raw bytes so non-UTF-8 names survive; diffs, renames (git's `-M` algorithm)
 * and patches are computed here to match the git CLI. Creating the reader does no I/O;
 * isomorphic-git itself is loaded on first use.
 *
 * Known differences from the git CLI: `.gitattributes` (binary, diff drivers) are ignored;
 * when a change can be aligned in several equally short ways, hunks may be placed
 * differently (git also slides them with its indent heuristic); SHA-256 repositories and
 * linked work trees are not supported.
 */
export function createIsomorphicGitReader(settings: IsomorphicGitReaderSettings): GitRepositoryReader {
  const { directory, objectCacheSize = 50_000 } = settings;
  let cache = settings.cache ?? createIsomorphicGitCache();
  let fs = createReadOnlyFs();
  let git: Promise<IsomorphicGit> | undefined;
  let gitdir: Promise<string> | undefined;
  const objects = new Map<string, { type: string; data: Buffer }>();
  const trees = new Map<string, TreeEntry[]>();
  const commits = new Map<string, GitCommitV1>();

  const load = () => (git ??= import('isomorphic-git'));
  const findGitdir = () => (gitdir ??= locateGitdir(directory));

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= objectCacheSize) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, value);
  };

  const readRaw = async (oid: string): Promise<{ type: string; data: Buffer }> => {
    const cached = objects.get(oid);
    if (cached) return cached;
    if (oid === EMPTY_TREE) return { type: 'tree', data: Buffer.alloc(0) };
    const isomorphicGit = await load();
    const result = await isomorphicGit.readObject({ fs, gitdir: await findGitdir(), oid, format: 'content', cache });
    const raw = result.object as Uint8Array;
    const value = { type: result.type, data: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) };
    // Blobs can be large and are rarely read twice; keep only the small structural objects.
    if (value.type !== 'blob') remember(objects, oid, value);
    return value;
  };

  const readCommit = async (sha: string): Promise<GitCommitV1> => {
    const cached = commits.get(sha);
    if (cached) return cached;
    const raw = await readRaw(sha).catch((error: unknown) => {
      throw unknownObject(directory, sha, error);
    });
    if (raw.type !== 'commit') throw unknownObject(directory, sha);
    const commit = parseCommitObject(sha, raw.data);
    remember(commits, sha, commit);
    return commit;
  };

  const readTree = async (sha: string): Promise<TreeEntry[]> => {
    const cached = trees.get(sha);
    if (cached) return cached;
    const raw = await readRaw(sha);
    const entries = parseTree(raw.data);
    remember(trees, sha, entries);
    return entries;
  };

  const peel = async (oid: string): Promise<string> => {
    let current = oid;
    for (let depth = 0; depth < 10; depth += 1) {
      const raw = await readRaw(current);
      if (raw.type === 'commit') return current;
      if (raw.type !== 'tag') break;
      current = raw.data.toString('latin1').match(/^object ([0-9a-f]{40})/)?.[1] ?? '';
    }
    throw unknownObject(directory, oid);
  };

  const resolveBase = async (name: string): Promise<string> => {
    const isomorphicGit = await load();
    const dir = await findGitdir();
    if (/^[0-9a-f]{40}$/.test(name)) return peel(name);
    try {
      return await peel(await isomorphicGit.resolveRef({ fs, gitdir: dir, ref: name }));
    } catch (error) {
      if (/^[0-9a-f]{4,39}$/.test(name)) {
        return peel(await isomorphicGit.expandOid({ fs, gitdir: dir, oid: name, cache }));
      }
      throw error;
    }
  };

  const resolveRef = async (ref: string, options: { abortSignal?: AbortSignal } = {}): Promise<string> => {
    options.abortSignal?.throwIfAborted();
    const match = /^(.+?)((?:[~^]\d*)*)$/.exec(ref);
    try {
      if (!match || ref.startsWith('-')) throw new Error('not a name');
      let sha = await resolveBase(match[1]!);
      for (const step of match[2]!.match(/[~^]\d*/g) ?? []) {
        const count = step.length > 1 ? Number(step.slice(1)) : 1;
        if (step[0] === '~') {
          for (let index = 0; index < count; index += 1) sha = firstOf((await readCommit(sha)).parents, ref);
        } else if (count > 0) {
          sha = (await readCommit(sha)).parents[count - 1] ?? firstOf([], ref);
        }
      }
      return sha;
    } catch (error) {
      throw new InvalidArgumentError({
        message: `${directory}: no commit named ${JSON.stringify(ref)}; give a branch, tag or commit id that exists in this repository.`,
        argument: 'ref',
        cause: error,
      });
    }
  };

  const treeOf = async (treeish: string | null): Promise<string> => {
    if (treeish === null) return EMPTY_TREE;
    if (/^[0-9a-f]{40}$/.test(treeish)) {
      const raw = await readRaw(treeish);
      if (raw.type === 'tree') return treeish;
    }
    return (await readCommit(await resolveRef(treeish))).tree;
  };

  /** The entry at `pathBytes` (a `/`-separated path) under `tree`, or undefined. */
  const entryAt = async (tree: string, path: string): Promise<TreeEntry | undefined> => {
    const parts = path.split('/').filter((part) => part !== '');
    let current: TreeEntry = { mode: '040000', name: Buffer.alloc(0), sha: tree };
    for (const part of parts) {
      if (current.mode !== '040000') return undefined;
      const name = Buffer.from(part, 'utf8');
      const found = (await readTree(current.sha)).find((entry) => entry.name.equals(name));
      if (!found) return undefined;
      current = found;
    }
    return current;
  };

  const rawChanges = async (fromTree: string, toTree: string, paths: readonly string[]): Promise<RawChange[]> => {
    const changes: RawChange[] = [];
    const wanted = paths.map((path) => Buffer.from(path.replace(/\/+$/, ''), 'utf8'));
    const interesting = (pathBytes: Buffer, isTree: boolean): boolean =>
      wanted.length === 0 ||
      wanted.some(
        (path) =>
          pathBytes.equals(path) ||
          (pathBytes.length > path.length && pathBytes[path.length] === 0x2f && pathBytes.subarray(0, path.length).equals(path)) ||
          (isTree && path.length > pathBytes.length && path[pathBytes.length] === 0x2f && path.subarray(0, pathBytes.length).equals(pathBytes)),
      );
    const walk = async (oldTree: string | undefined, newTree: string | undefined, prefix: Buffer): Promise<void> => {
      if (oldTree === newTree) return;
      const oldEntries = oldTree ? await readTree(oldTree) : [];
      const newEntries = newTree ? await readTree(newTree) : [];
      let i = 0;
      let j = 0;
      while (i < oldEntries.length || j < newEntries.length) {
        const oldEntry = oldEntries[i];
        const newEntry = newEntries[j];
        const order = !oldEntry ? 1 : !newEntry ? -1 : compareEntries(oldEntry, newEntry);
        const entry = (order <= 0 ? oldEntry : newEntry)!;
        const pathBytes = prefix.length === 0 ? entry.name : Buffer.concat([prefix, SLASH, entry.name]);
        const left = order <= 0 ? oldEntry : undefined;
        const right = order >= 0 ? newEntry : undefined;
        if (order <= 0) i += 1;
        if (order >= 0) j += 1;
        const isTree = entry.mode === '040000';
        if (!interesting(pathBytes, isTree)) continue;
        if (isTree) {
          await walk(left?.sha, right?.sha, pathBytes);
          continue;
        }
        if (left && right && left.sha === right.sha && left.mode === right.mode) continue;
        changes.push({
          pathBytes,
          ...(left ? { old: { mode: left.mode, sha: left.sha } } : {}),
          ...(right ? { new: { mode: right.mode, sha: right.sha } } : {}),
        });
      }
    };
    await walk(fromTree, toTree, Buffer.alloc(0));
    return changes;
  };

  const content = async (side: { mode: string; sha: string }): Promise<Buffer> =>
    side.mode === '160000' ? Buffer.from(`Subproject commit ${side.sha}\n`) : (await readRaw(side.sha)).data;

  const filePairs = async (from: string | null, to: string, options: GitDiffOptionsV1): Promise<FilePair[]> => {
    options.abortSignal?.throwIfAborted();
    const changes = await rawChanges(await treeOf(from), await treeOf(to), options.paths ?? []);
    const pairs: (FilePair | undefined)[] = changes.map((change) => ({
      status: !change.old ? 'A' : !change.new ? 'D' : fileType(change.old.mode) === fileType(change.new.mode) ? 'M' : 'T',
      ...(change.old ? { old: { pathBytes: change.pathBytes, ...change.old } } : {}),
      ...(change.new ? { new: { pathBytes: change.pathBytes, ...change.new } } : {}),
    }));
    if (options.detectRenames === false) return pairs as FilePair[];
    const sourceIndexes: number[] = [];
    const destinationIndexes: number[] = [];
    pairs.forEach((pair, index) => {
      if (pair!.status === 'D') sourceIndexes.push(index);
      else if (pair!.status === 'A') destinationIndexes.push(index);
    });
    const candidate = (index: number, side: 'old' | 'new') => {
      const file = pairs[index]![side]!;
      return { path: decodeText(file.pathBytes), mode: file.mode, sha: file.sha, load: () => content(file) };
    };
    const renames = await detectRenames(
      sourceIndexes.map((index) => candidate(index, 'old')),
      destinationIndexes.map((index) => candidate(index, 'new')),
    );
    for (const rename of renames) {
      const sourceIndex = sourceIndexes[rename.source]!;
      const destinationIndex = destinationIndexes[rename.destination]!;
      pairs[destinationIndex] = {
        status: 'R',
        old: pairs[sourceIndex]!.old!,
        new: pairs[destinationIndex]!.new!,
        similarity: rename.similarity,
      };
      pairs[sourceIndex] = undefined;
    }
    return pairs.filter((pair): pair is FilePair => pair !== undefined);
  };

  const countPair = async (pair: FilePair): Promise<{ added: number | null; removed: number | null }> => {
    if (pair.old && pair.new && pair.old.sha === pair.new.sha) {
      const data = await content(pair.old);
      return isBinary(data) ? { added: null, removed: null } : { added: 0, removed: 0 };
    }
    const oldData = pair.old ? await content(pair.old) : Buffer.alloc(0);
    const newData = pair.new ? await content(pair.new) : Buffer.alloc(0);
    if (isBinary(oldData) || isBinary(newData)) return { added: null, removed: null };
    return countLineChanges(oldData, newData);
  };

  const toNameStatus = (pair: FilePair): GitNameStatusEntryV1 => {
    const path = decodePath((pair.new ?? pair.old)!.pathBytes).path;
    return pair.status === 'R'
      ? { status: 'R', path, oldPath: decodePath(pair.old!.pathBytes).path, similarity: pair.similarity! }
      : { status: pair.status, path };
  };

  const firstParentLog = async function* (start: string, options: GitLogOptionsV1): AsyncGenerator<GitCommitV1> {
    let sha: string | undefined = start;
    while (sha) {
      options.abortSignal?.throwIfAborted();
      const commit = await readCommit(sha);
      yield commit;
      sha = commit.parents[0];
    }
  };

  /** git's `--date-order`: newest committer date first, never a parent before its children, ties in discovery order. */
  const dateOrderLog = async function* (start: string, options: GitLogOptionsV1, sinceSeconds: number | undefined): AsyncGenerator<GitCommitV1> {
    const indegree = new Map<string, number>();
    const seen = new Map<string, GitCommitV1>();
    const stack = [start];
    seen.set(start, await readCommit(start));
    indegree.set(start, 0);
    while (stack.length > 0) {
      options.abortSignal?.throwIfAborted();
      const commit = seen.get(stack.pop()!)!;
      if (sinceSeconds !== undefined && commit.committer.timestamp < sinceSeconds) continue;
      for (const parent of commit.parents) {
        indegree.set(parent, (indegree.get(parent) ?? 0) + 1);
        if (!seen.has(parent)) {
          seen.set(parent, await readCommit(parent));
          stack.push(parent);
        }
      }
    }
    const queue = new PriorityQueue<GitCommitV1>((left, right) => left.committer.timestamp - right.committer.timestamp);
    queue.push(seen.get(start)!);
    while (queue.size > 0) {
      const commit = queue.pop()!;
      yield commit;
      if (sinceSeconds !== undefined && commit.committer.timestamp < sinceSeconds) continue;
      for (const parent of commit.parents) {
        const remaining = indegree.get(parent)! - 1;
        indegree.set(parent, remaining);
        if (remaining === 0) queue.push(seen.get(parent)!);
      }
    }
  };

  const pathsChanged = async (commit: GitCommitV1, parent: string | undefined, paths: readonly string[]): Promise<boolean> => {
    const parentTree = parent ? (await readCommit(parent)).tree : EMPTY_TREE;
    for (const path of paths) {
      const before = await entryAt(parentTree, path);
      const after = await entryAt(commit.tree, path);
      if (before?.sha !== after?.sha || before?.mode !== after?.mode) return true;
    }
    return false;
  };

  const log = async function* (options: GitLogOptionsV1 = {}): AsyncGenerator<GitCommitV1> {
    const start = await resolveRef(options.ref ?? 'HEAD', options);
    const until = options.until === undefined ? undefined : toUnixSeconds(options.until, 'until');
    const since = options.since === undefined ? undefined : sinceSecondsOf(options.since);
    const paths = options.paths ?? [];
    let count = 0;
    const source = options.firstParent ? firstParentLog(start, options) : dateOrderLog(start, options, since);
    for await (const commit of source) {
      if (options.maxCount !== undefined && count >= options.maxCount) return;
      const time = commit.committer.timestamp;
      if (since !== undefined && time < since) {
        if (options.firstParent) return;
        continue;
      }
      if (until !== undefined && time > until) continue;
      if (paths.length > 0) {
        let changed: boolean;
        if (options.firstParent || commit.parents.length <= 1) changed = await pathsChanged(commit, commit.parents[0], paths);
        else {
          changed = true;
          for (const parent of commit.parents) if (!(await pathsChanged(commit, parent, paths))) changed = false;
        }
        if (!changed) continue;
      }
      count += 1;
      yield commit;
    }
  };

  return {
    specificationVersion: 'v1',
    backend: 'isomorphic-git',
    directory,
    resolveRef,
    readCommit: async (sha, options = {}) => {
      options.abortSignal?.throwIfAborted();
      return readCommit(/^[0-9a-f]{40}$/.test(sha) ? sha : await resolveRef(sha));
    },
    log,

    async *logWithChanges(options: GitLogWithChangesOptions = {}): AsyncIterable<GitCommitChanges> {
      for await (const commit of log(options)) {
        const pairs = await filePairs(commit.parents[0] ?? null, commit.sha, { detectRenames: options.detectRenames, abortSignal: options.abortSignal });
        const files: GitFileChange[] = [];
        for (const pair of pairs) files.push({ ...toNameStatus(pair), ...(await countPair(pair)) });
        yield { commit, files };
      }
    },

    async readFile(commit, path, options = {}): Promise<Uint8Array | null> {
      options.abortSignal?.throwIfAborted();
      const entry = await entryAt(await treeOf(commit), path);
      if (!entry || !entry.mode.startsWith('10') && entry.mode !== '120000') return null;
      const data = (await readRaw(entry.sha)).data;
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },

    async listTree(commit: string, options: GitListTreeOptionsV1 = {}): Promise<readonly GitTreeEntryV1[]> {
      const { path, recursive = true, abortSignal } = options;
      abortSignal?.throwIfAborted();
      const root = await treeOf(commit);
      const folderPath = path?.replace(/\/+$/, '') ?? '';
      const folder = folderPath === '' ? { mode: '040000', sha: root } : await entryAt(root, folderPath);
      if (!folder || folder.mode !== '040000') return [];
      const result: GitTreeEntryV1[] = [];
      const visit = async (tree: string, prefix: Buffer) => {
        for (const entry of await readTree(tree)) {
          const pathBytes = prefix.length === 0 ? entry.name : Buffer.concat([prefix, SLASH, entry.name]);
          if (entry.mode === '040000' && recursive) {
            await visit(entry.sha, pathBytes);
            continue;
          }
          const { path: entryPath, rawPath } = decodePath(pathBytes);
          const type = entry.mode === '040000' ? 'tree' : entry.mode === '160000' ? 'commit' : 'blob';
          result.push({ path: entryPath, ...(rawPath ? { rawPath } : {}), mode: entry.mode, type, sha: entry.sha });
        }
      };
      await visit(folder.sha, Buffer.from(folderPath, 'utf8'));
      return result;
    },

    async diffNameStatus(from, to, options = {}) {
      return (await filePairs(from, to, options)).map(toNameStatus);
    },

    async diffNumstat(from, to, options = {}): Promise<readonly GitNumstatEntryV1[]> {
      const entries: GitNumstatEntryV1[] = [];
      for (const pair of await filePairs(from, to, options)) {
        const { path, oldPath } = toNameStatus(pair);
        entries.push({ path, ...(oldPath === undefined ? {} : { oldPath }), ...(await countPair(pair)) });
      }
      return entries;
    },

    async diffPatch(from, to, options = {}): Promise<string> {
      const pairs = await filePairs(from, to, options);
      const side = async (file: FilePair['old']): Promise<PatchFileSide | undefined> =>
        file ? { pathBytes: file.pathBytes, mode: file.mode, sha: file.sha, data: await content(file) } : undefined;
      const patchPairs = [];
      for (const pair of pairs) {
        const oldSide = await side(pair.old);
        const newSide = await side(pair.new);
        patchPairs.push({
          ...(oldSide ? { old: oldSide } : {}),
          ...(newSide ? { new: newSide } : {}),
          ...(pair.similarity === undefined ? {} : { similarity: pair.similarity }),
        });
      }
      return formatPatch(patchPairs, ZERO_SHA, options.contextLines ?? 3).toString('utf8');
    },

    close(): void {
      objects.clear();
      trees.clear();
      commits.clear();
      cache = settings.cache ?? createIsomorphicGitCache();
      fs = createReadOnlyFs();
    },
  };
}

const SLASH = Buffer.from('/');

function firstOf(parents: readonly string[], ref: string): string {
  const parent = parents[0];
  if (!parent) throw new Error(`${ref}: walks past a root commit`);
  return parent;
}

function sinceSecondsOf(value: string | Date): number {
  toUnixSeconds(value, 'since');
  const date = typeof value === 'string' ? new Date(value) : value;
  return Math.ceil(date.getTime() / 1000);
}

function fileType(mode: string): string {
  return mode.slice(0, mode.length - 4);
}

function unknownObject(directory: string, sha: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `${directory}: ${JSON.stringify(sha)} is not a commit in this repository.`,
    argument: 'sha',
    cause,
  });
}

/** Parses a raw tree object: `<mode> <name>\0<20-byte id>` repeated. */
function parseTree(data: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const nul = data.indexOf(0, space);
    const mode = data.subarray(offset, space).toString('latin1').padStart(6, '0');
    entries.push({ mode, name: data.subarray(space + 1, nul), sha: data.subarray(nul + 1, nul + 21).toString('hex') });
    offset = nul + 21;
  }
  return entries;
}

/** git's tree order: names compared as bytes, a folder's name as if it ended in `/`. */
function compareEntries(left: TreeEntry, right: TreeEntry): number {
  const leftLength = left.name.length;
  const rightLength = right.name.length;
  const common = Math.min(leftLength, rightLength);
  const order = Buffer.compare(left.name.subarray(0, common), right.name.subarray(0, common));
  if (order !== 0) return order;
  const leftNext = leftLength > common ? left.name[common]! : left.mode === '040000' ? 0x2f : 0;
  const rightNext = rightLength > common ? right.name[common]! : right.mode === '040000' ? 0x2f : 0;
  return leftNext - rightNext;
}

async function locateGitdir(directory: string): Promise<string> {
  const dotGit = join(directory, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (info?.isDirectory()) return dotGit;
  if (info?.isFile()) {
    const target = (await readFile(dotGit, 'utf8')).match(/^gitdir: (.+)$/m)?.[1]?.trim();
    if (target) return isAbsolute(target) ? target : join(directory, target);
  }
  return directory;
}

/** A binary max-heap; ties come out in insertion order. */
class PriorityQueue<T> {
  private readonly items: { value: T; order: number }[] = [];
  private counter = 0;

  constructor(private readonly compare: (left: T, right: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(value: T): void {
    this.items.push({ value, order: this.counter++ });
    let index = this.items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let best = index;
        if (left < this.items.length && this.before(left, best)) best = left;
        if (right < this.items.length && this.before(right, best)) best = right;
        if (best === index) break;
        this.swap(index, best);
        index = best;
      }
    }
    return top?.value;
  }

  private before(left: number, right: number): boolean {
    const a = this.items[left]!;
    const b = this.items[right]!;
    const order = this.compare(a.value, b.value);
    return order > 0 || (order === 0 && a.order < b.order);
  }

  private swap(left: number, right: number): void {
    const value = this.items[left]!;
    this.items[left] = this.items[right]!;
    this.items[right] = value;
  }
}

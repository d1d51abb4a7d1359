import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type {
  GitCommitV1,
  GitDiffOptionsV1,
  GitLogOptionsV1,
  GitNameStatusEntryV1,
  GitNumstatEntryV1,
  GitReaderV1,
  GitSignatureV1,
  GitTreeEntryV1,
} from '@swespot/core';

const run = promisify(execFile);
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * A small GitReaderV1 over the git CLI for this package's tests (the real one lives in
 * `@swespot/repo-sandbox`, a package of the same layer that code-index must not import).
 */
export function createGitCliReader(directory: string): GitReaderV1 {
  const git = async (args: string[], abortSignal?: AbortSignal): Promise<string> => {
    const { stdout } = await run('git', ['-C', directory, ...args], {
      maxBuffer: 1024 * 1024 * 1024,
      encoding: 'utf8',
      ...(abortSignal === undefined ? {} : { signal: abortSignal }),
    });
    return stdout;
  };
  const signature = (name: string, email: string, timestamp: string, zone: string): GitSignatureV1 => {
    const seconds = Number(timestamp);
    const sign = zone.startsWith('-') ? -1 : 1;
    const minutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
    return { name, email, date: new Date(seconds * 1000).toISOString(), timestamp: seconds, timezoneOffsetMinutes: minutes };
  };
  const format = '%H%x1f%P%x1f%T%x1f%an%x1f%ae%x1f%at%x1f%ad%x1f%cn%x1f%ce%x1f%ct%x1f%cd%x1f%B%x1e';
  const parseCommits = (stdout: string): GitCommitV1[] =>
    stdout
      .split('\x1e')
      .map((chunk) => chunk.replace(/^\n/, ''))
      .filter((chunk) => chunk.length > 0)
      .map((chunk) => {
        const [sha, parents, tree, an, ae, at, ad, cn, ce, ct, cd, message] = chunk.split('\x1f') as string[];
        return {
          sha: sha ?? '',
          parents: (parents ?? '').split(' ').filter((parent) => parent.length > 0),
          tree: tree ?? '',
          author: signature(an ?? '', ae ?? '', at ?? '0', (ad ?? '+0000').slice(-5)),
          committer: signature(cn ?? '', ce ?? '', ct ?? '0', (cd ?? '+0000').slice(-5)),
          message: (message ?? '').replace(/\n$/, ''),
        };
      });
  const diffArgs = (from: string | null, to: string, options: GitDiffOptionsV1 = {}) => [
    from ?? emptyTree,
    to,
    ...(options.detectRenames === false ? ['--no-renames'] : ['-M']),
    ...(options.paths === undefined ? [] : ['--', ...options.paths]),
  ];
  return {
    specificationVersion: 'v1',
    backend: 'git-cli-test-fixture',
    directory,
    async resolveRef(ref, options = {}) {
      return (await git(['rev-parse', '--verify', `${ref}^{commit}`], options.abortSignal)).trim();
    },
    async readCommit(sha, options = {}) {
      const [commit] = parseCommits(await git(['log', '-1', `--format=${format}`, '--date=raw', sha], options.abortSignal));
      if (commit === undefined) throw new Error(`unknown commit ${sha}`);
      return commit;
    },
    async *log(options: GitLogOptionsV1 = {}) {
      const args = ['log', `--format=${format}`, '--date=raw'];
      if (options.firstParent === true) args.push('--first-parent');
      if (options.since !== undefined) args.push(`--since=${new Date(options.since).toISOString()}`);
      if (options.until !== undefined) args.push(`--until=${new Date(options.until).toISOString()}`);
      if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
      args.push(options.ref ?? 'HEAD');
      if (options.paths !== undefined) args.push('--', ...options.paths);
      yield* parseCommits(await git(args, options.abortSignal));
    },
    async readFile(commit, path, options = {}) {
      try {
        const { stdout } = await run('git', ['-C', directory, 'cat-file', 'blob', `${commit}:${path}`], {
          maxBuffer: 1024 * 1024 * 1024,
          encoding: 'buffer',
          ...(options.abortSignal === undefined ? {} : { signal: options.abortSignal }),
        });
        return new Uint8Array(stdout);
      } catch {
        return null;
      }
    },
    async listTree(commit, options = {}) {
      const args = ['ls-tree', '-z', '--full-tree'];
      if (options.recursive !== false) args.push('-r');
      args.push(commit);
      if (options.path !== undefined) args.push('--', options.path);
      const stdout = await git(args, options.abortSignal);
      return stdout
        .split('\0')
        .filter((line) => line.length > 0)
        .map((line): GitTreeEntryV1 => {
          const [meta, path] = line.split('\t') as [string, string];
          const [mode, type, sha] = meta.split(' ') as [string, GitTreeEntryV1['type'], string];
          return { path, mode, type, sha };
        });
    },
    async diffNameStatus(from, to, options = {}) {
      const stdout = await git(['diff', '--name-status', ...diffArgs(from, to, options)], options.abortSignal);
      return stdout
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line): GitNameStatusEntryV1 => {
          const [status, first, second] = line.split('\t') as [string, string, string | undefined];
          const letter = status[0] as GitNameStatusEntryV1['status'];
          return second === undefined ? { status: letter, path: first } : { status: letter, path: second, oldPath: first, similarity: Number(status.slice(1)) };
        });
    },
    async diffNumstat(from, to, options = {}) {
      const stdout = await git(['diff', '--numstat', ...diffArgs(from, to, options)], options.abortSignal);
      return stdout
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line): GitNumstatEntryV1 => {
          const [added, removed, path] = line.split('\t') as [string, string, string];
          return { path, added: added === '-' ? null : Number(added), removed: removed === '-' ? null : Number(removed) };
        });
    },
    async diffPatch(from, to, options = {}) {
      return git(['diff', `--unified=${options.contextLines ?? 3}`, ...diffArgs(from, to, options)], options.abortSignal);
    },
  };
}

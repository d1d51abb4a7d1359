import type { SandboxExecutorV1 } from '@swespot/core';
import { SandboxCommandError } from '@swespot/core';

/** Options of {@link diffWorkspace}. */
export interface DiffWorkspaceOptions {
  readonly executor: SandboxExecutorV1;
  /** The commit to compare against. Default: `HEAD`. */
  readonly base?: string;
  /** The repository folder. Default: the workspace root. */
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * The diff of everything changed in a sandbox's repository since `base`: edits, new files
 * (untracked ones included), deletions, renames, modes and binary files, as `git add -A &&
 * git diff --cached --binary` prints it. A throwaway index is used, so the repository's
 * own index and staging are left as they were. An unchanged tree gives `''`.
 */
export async function diffWorkspace(options: DiffWorkspaceOptions): Promise<string> {
  const script = [
    'set -e',
    'index="$(git rev-parse --git-dir)/swespot-diff-index-$$"',
    'trap \'rm -f "$index"\' EXIT',
    'export GIT_INDEX_FILE="$index"',
    'git read-tree "$1"',
    'git add -A',
    'git -c core.quotepath=false diff --cached --binary --full-index "$1"',
  ].join('\n');
  const result = await options.executor.exec({
    command: ['sh', '-c', script, 'swespot-diff', options.base ?? 'HEAD'],
    cwd: options.cwd,
    timeoutMs: options.timeoutMs ?? 120_000,
    maxOutputBytes: 256 * 1024 * 1024,
    abortSignal: options.abortSignal,
  });
  if (result.exitCode !== 0 || result.stdoutTruncated) {
    throw new SandboxCommandError({
      command: 'git add -A && git diff --cached --binary',
      exitCode: result.exitCode ?? undefined,
      stderr: result.stderr,
      timedOut: result.timedOut,
      message: `Could not diff the workspace against ${options.base ?? 'HEAD'}: ${result.stdoutTruncated ? 'the diff is larger than 256 MiB' : result.stderr.trim()}`,
    });
  }
  return result.stdout;
}

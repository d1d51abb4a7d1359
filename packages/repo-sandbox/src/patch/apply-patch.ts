import type { SandboxExecutorV1 } from '@swespot/core';
import { assertPatchStaysInside } from './assert-patch-stays-inside';

/** A way of applying a patch, in the order they are tried. */
export type PatchMethod = 'git-apply' | 'patch-fuzz' | 'git-apply-reject';

/** Options of {@link applyPatch}. */
export interface ApplyPatchOptions {
  /** Where to apply it: a sandbox session or its restricted view. */
  readonly executor: SandboxExecutorV1;
  /** The unified diff (git or plain). */
  readonly patch: string;
  /** Undo the patch instead (`git apply -R`, `patch -R`). Default: false. */
  readonly reverse?: boolean;
  /** Folder the patch's paths are relative to. Default: the workspace root. */
  readonly cwd?: string;
  /** Fuzz factor of the `patch` fallback, in lines of context. Default: 5 (as SWE-bench). */
  readonly fuzz?: number;
  /**
   * As a last resort, apply the hunks that fit and leave `.rej` files for the rest
   * (`git apply --reject`); the result then has `applied: false` and `partial: true`. Default: false.
   */
  readonly allowPartial?: boolean;
  /** Limit of each apply command in milliseconds. Default: 120 000. */
  readonly timeoutMs?: number;
  readonly abortSignal?: AbortSignal;
}

/** One attempt at applying the patch. */
export interface PatchAttempt {
  readonly method: PatchMethod;
  readonly exitCode: number | null;
  /** The tool's output (stdout then stderr), shortened. */
  readonly output: string;
}

/** The outcome of {@link applyPatch}. Failing to apply is a result, not an error. */
export interface ApplyPatchResult {
  /** Whether every hunk applied. */
  readonly applied: boolean;
  /** The method that applied it, when one did. */
  readonly method?: PatchMethod;
  /** Whether some hunks applied and others were rejected (only with `allowPartial`). */
  readonly partial: boolean;
  /** Files with rejected hunks (`<file>.rej` written next to them), for partial results. */
  readonly rejectedFiles: readonly string[];
  /** Every attempt, in order. */
  readonly attempts: readonly PatchAttempt[];
}

/**
 * Applies a unified diff inside a sandbox with the fallback chain of the SWE-bench harness:
 * `git apply` (exact, binary patches and renames included), then `patch --fuzz`, then, only
 * with `allowPartial`, `git apply --reject`. The patch is checked first and refused with
 * {@link PatchRefusedError} if it would write outside the workspace. Each fallback runs a
 * dry run first, so a failed attempt never leaves a half-applied tree behind.
 *
 * Why `--reject` comes last, unlike SWE-bench: it succeeds exactly when plain `git apply`
 * does, and otherwise leaves some hunks applied, which makes the fuzzy `patch` that follows
 * fail on them; so it is only useful as an explicit partial application.
 *
 * The patch reaches the tools on standard input; nothing is written into the workspace.
 */
export async function applyPatch(options: ApplyPatchOptions): Promise<ApplyPatchResult> {
  await assertPatchStaysInside(options);
  const reverse = options.reverse ? ['-R'] : [];
  const run = async (method: PatchMethod, command: string[]) => {
    const result = await options.executor.exec({
      command,
      stdin: options.patch,
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? 120_000,
      abortSignal: options.abortSignal,
    });
    const attempt: PatchAttempt = { method, exitCode: result.exitCode, output: `${result.stdout}${result.stderr}`.slice(-4000) };
    return attempt;
  };
  const attempts: PatchAttempt[] = [];
  const gitApply = await run('git-apply', ['git', 'apply', '--verbose', '--whitespace=nowarn', ...reverse, '-']);
  attempts.push(gitApply);
  if (gitApply.exitCode === 0) return { applied: true, method: 'git-apply', partial: false, rejectedFiles: [], attempts };

  const fuzz = String(options.fuzz ?? 5);
  const patchArguments = ['patch', '--batch', `--fuzz=${fuzz}`, '-p1', '--no-backup-if-mismatch', '-r', '-', ...reverse];
  const dryRun = await run('patch-fuzz', [...patchArguments, '--dry-run']);
  if (dryRun.exitCode === 0) {
    const real = await run('patch-fuzz', patchArguments);
    attempts.push(real);
    if (real.exitCode === 0) return { applied: true, method: 'patch-fuzz', partial: false, rejectedFiles: [], attempts };
  } else {
    attempts.push(dryRun);
  }

  if (options.allowPartial) {
    const rejecting = await run('git-apply-reject', ['git', 'apply', '--verbose', '--reject', '--whitespace=nowarn', ...reverse, '-']);
    attempts.push(rejecting);
    if (rejecting.exitCode === 0) return { applied: true, method: 'git-apply-reject', partial: false, rejectedFiles: [], attempts };
    const rejectedFiles = [...rejecting.output.matchAll(/^Rejected hunk #\d+\.$|^Applying patch (\S+) with \d+ reject/gm)]
      .map((match) => match[1])
      .filter((file): file is string => file !== undefined);
    const applied = /^Applied patch .* cleanly\.$|^Hunk #\d+ applied cleanly\.$/m.test(rejecting.output);
    return { applied: false, method: undefined, partial: applied, rejectedFiles: [...new Set(rejectedFiles)], attempts };
  }
  return { applied: false, partial: false, rejectedFiles: [], attempts };
}

/** Undoes a patch: {@link applyPatch} with `reverse: true`. */
export function reverseApplyPatch(options: Omit<ApplyPatchOptions, 'reverse'>): Promise<ApplyPatchResult> {
  return applyPatch({ ...options, reverse: true });
}

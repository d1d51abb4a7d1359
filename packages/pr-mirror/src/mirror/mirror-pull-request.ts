import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitReaderV1, ModelV1 } from '@swespot/core';
import { runGit } from '@swespot/repo-sandbox';
import { diffFile } from '../diff/patch-files';
import type { MinedFileChange, MinedPullRequest } from '../mining/mine-pull-requests';

/** A pull request undone on the snapshot: the bug, clean → buggy, source files only. */
export interface MirroredBug {
  readonly prNumber: number;
  /** Unified diff that puts the bug into the snapshot (undoes the PR's source changes). */
  readonly bugPatch: string;
  /** Whether every file was undone by a clean 3-way merge (true), or some through the model (false). */
  readonly direct: boolean;
  /** How each source file was undone: `merge` (3-way), `model`, `delete` (the PR added it), `restore` (the PR deleted it). */
  readonly files: readonly { readonly path: string; readonly method: 'merge' | 'model' | 'delete' | 'restore' | 'unchanged' }[];
  /** The PR's own diff of its source files and of its test files (the SWE-bench `patch` / `test_patch` of the original PR). */
  readonly prSourcePatch: string;
  readonly prTestPatch: string;
}

/** The outcome of {@link mirrorPullRequest}. */
export type MirrorOutcome =
  | { readonly status: 'mirrored'; readonly bug: MirroredBug }
  | { readonly status: 'failed'; readonly prNumber: number; readonly reason: string; readonly prSourcePatch: string; readonly prTestPatch: string };

/** Options of {@link mirrorPullRequest}. */
export interface MirrorPullRequestOptions {
  readonly pullRequest: MinedPullRequest;
  /** Reads the snapshot (it holds the PR's commits: a `truncated`-history snapshot). */
  readonly reader: GitReaderV1;
  /** The snapshot's commit. Default: `HEAD`. */
  readonly snapshotCommit?: string;
  /** Rewrites a file the 3-way merge cannot undo (temperature 0). Default: none (such PRs fail). */
  readonly model?: ModelV1;
  /** Output token limit of one model call. Default: 16 000. */
  readonly maxOutputTokens?: number;
  readonly abortSignal?: AbortSignal;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

async function readText(reader: GitReaderV1, commit: string, path: string, abortSignal?: AbortSignal): Promise<string | null> {
  const bytes = await reader.readFile(commit, path, abortSignal ? { abortSignal } : undefined);
  return bytes === null ? null : decoder.decode(bytes);
}

/**
 * `git merge-file -p current fixed unfixed`: the current file with the change fixed → unfixed
 * replayed onto it (a 3-way merge whose base is the PR's version); `null` on conflict.
 */
async function mergeBack(folder: string, current: string, fixed: string, unfixed: string, abortSignal?: AbortSignal): Promise<string | null> {
  await writeFile(join(folder, 'current'), current);
  await writeFile(join(folder, 'fixed'), fixed);
  await writeFile(join(folder, 'unfixed'), unfixed);
  const result = await runGit(['merge-file', '-p', '--', 'current', 'fixed', 'unfixed'], { cwd: folder, allowedExitCodes: Array.from({ length: 128 }, (_, index) => index), ...(abortSignal ? { abortSignal } : {}) });
  return result.exitCode === 0 ? result.stdout.toString('utf8') : null;
}

/** The model's reply without a surrounding code fence. */
export function stripCodeFence(text: string): string {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced ? `${fenced[1]}\n` : text;
}

/** The messages that ask a model to undo one file's part of a pull request (SWE-smith's PR-mirror prompt, restated). */
export function mirrorFileMessages(path: string, current: string, fileDiff: string): { role: 'system' | 'user'; content: string }[] {
  return [
    { role: 'system', content: 'You edit source files exactly as asked and answer with the whole file only.' },
    {
      role: 'user',
      content: [
        `Below is the current version of \`${path}\` and a diff that a pull request once applied to it.`,
        'The file has changed since then. Rewrite the entire current file so that the changes of the diff are reversed:',
        'lines the diff added are removed, lines it removed are restored, lines it modified get their old form back.',
        'Keep every other line exactly as it is now, including later changes (renamed names stay renamed). Make no other change.',
        'Answer with only the rewritten file, no explanation.',
        '',
        `Diff of the pull request for \`${path}\`:`,
        '```diff',
        fileDiff.trimEnd(),
        '```',
        '',
        `Current \`${path}\`:`,
        '```',
        current.trimEnd(),
        '```',
      ].join('\n'),
    },
  ];
}

async function patchOf(reader: GitReaderV1, pullRequest: MinedPullRequest, files: readonly MinedFileChange[], abortSignal?: AbortSignal): Promise<string> {
  const parts: string[] = [];
  for (const file of files) {
    const before = file.status === 'A' ? null : await readText(reader, pullRequest.parent, file.oldPath ?? file.path, abortSignal);
    const after = file.status === 'D' ? null : await readText(reader, pullRequest.commit, file.path, abortSignal);
    if (file.oldPath !== undefined && file.oldPath !== file.path) {
      parts.push(diffFile(file.oldPath, before, null), diffFile(file.path, null, after));
    } else parts.push(diffFile(file.path, before, after));
  }
  return parts.filter((part) => part !== '').join('');
}

/**
 * Undoes a merged pull request's source changes on the snapshot, as a bug patch. Each changed
 * source file is first undone directly, by a 3-way merge (`git merge-file`: the current file,
 * the PR's version as base, the version before the PR); a file the PR added is deleted when
 * it merges back to nothing, one it deleted is restored. A file that conflicts goes to the
 * model (rewrite the current file with the PR's change undone, temperature 0); without a
 * model the PR fails. Test files are never touched.
 *
 * @example
 * ```ts
 * const outcome = await mirrorPullRequest({ pullRequest, reader, model });
 * if (outcome.status === 'mirrored') console.log(outcome.bug.direct, outcome.bug.bugPatch);
 * ```
 */
export async function mirrorPullRequest(options: MirrorPullRequestOptions): Promise<MirrorOutcome> {
  const { pullRequest, reader, abortSignal } = options;
  const head = options.snapshotCommit ?? (await reader.resolveRef('HEAD', abortSignal ? { abortSignal } : undefined));
  const sources = pullRequest.files.filter((file) => file.role === 'source');
  const prSourcePatch = await patchOf(reader, pullRequest, sources, abortSignal);
  const prTestPatch = await patchOf(reader, pullRequest, pullRequest.files.filter((file) => file.role === 'test'), abortSignal);
  const fail = (reason: string): MirrorOutcome => ({ status: 'failed', prNumber: pullRequest.number, reason, prSourcePatch, prTestPatch });
  const folder = await mkdtemp(join(tmpdir(), 'swespot-mirror-'));
  try {
    const patches: string[] = [];
    const methods: MirroredBug['files'][number][] = [];
    // A rename is the old path restored and the new one removed.
    // `path` is where the snapshot has the file now (a later rename followed); before/after are the PR's own paths.
    const changes = sources.flatMap((file) =>
      file.oldPath !== undefined && file.oldPath !== file.path && file.status === 'R'
        ? [{ path: file.oldPath, before: file.oldPath, after: null }, { path: file.currentPath ?? file.path, before: null, after: file.path }]
        : [{ path: file.currentPath ?? file.path, before: file.status === 'A' ? null : file.oldPath ?? file.path, after: file.status === 'D' ? null : file.path }],
    );
    for (const change of changes) {
      const unfixed = change.before === null ? null : await readText(reader, pullRequest.parent, change.before, abortSignal);
      const fixed = change.after === null ? null : await readText(reader, pullRequest.commit, change.after, abortSignal);
      const current = await readText(reader, head, change.path, abortSignal);
      if (fixed === null && unfixed === null) continue;
      if (fixed === null) {
        // The PR deleted the file: restore it unless something is there now.
        if (current !== null) return fail(`${change.path}: the PR deleted it but the snapshot has it again`);
        patches.push(diffFile(change.path, null, unfixed));
        methods.push({ path: change.path, method: 'restore' });
        continue;
      }
      if (current === null) {
        methods.push({ path: change.path, method: 'unchanged' });
        continue;
      }
      let result: string | null;
      let method: 'merge' | 'model' | 'delete';
      if (unfixed === null) {
        // The PR added the file: delete it when what is there now merges back to nothing.
        const merged = current === fixed ? '' : await mergeBack(folder, current, fixed, '', abortSignal);
        if (merged === '' || options.model !== undefined) {
          result = null;
          method = 'delete';
        } else return fail(`${change.path}: added by the PR and changed since; no model to undo it`);
      } else {
        const merged = current === fixed ? unfixed : await mergeBack(folder, current, fixed, unfixed, abortSignal);
        if (merged !== null) {
          result = merged;
          method = 'merge';
        } else if (options.model !== undefined) {
          const reply = await options.model.generate({
            messages: mirrorFileMessages(change.path, current, diffFile(change.path, unfixed, fixed)),
            temperature: 0,
            maxOutputTokens: options.maxOutputTokens ?? 16_000,
            ...(abortSignal ? { abortSignal } : {}),
          });
          result = stripCodeFence(reply.text);
          if (result.trim() === '') return fail(`${change.path}: the model answered nothing`);
          if (current.endsWith('\n') && !result.endsWith('\n')) result += '\n';
          method = 'model';
        } else return fail(`${change.path}: the 3-way merge conflicts (the file changed since the PR); no model to undo it`);
      }
      const patch = diffFile(change.path, current, result);
      methods.push({ path: change.path, method: patch === '' ? 'unchanged' : method });
      patches.push(patch);
    }
    const bugPatch = patches.filter((patch) => patch !== '').join('');
    if (bugPatch === '') return fail('nothing to undo: the PR\'s source changes are no longer in the snapshot');
    return {
      status: 'mirrored',
      bug: { prNumber: pullRequest.number, bugPatch, direct: methods.every((file) => file.method !== 'model'), files: methods, prSourcePatch, prTestPatch },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createGitRepositorySource, indexRepository, type CodeIndex } from '@swespot/code-index';
import { InvalidArgumentError, parseWithSchema, environmentBuildSchema, environmentSpecSchema, testSpecSchema, type EnvironmentSpec, type GitReaderV1, type TestSpec } from '@swespot/core';
import { createSnapshot, openGitReader, SnapshotLeakError, taskEnvironmentOf, type SnapshotInfo } from '@swespot/repo-sandbox';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { readEnvironmentJson } from './read-environment-option';

const execFileAsync = promisify(execFile);

/** A snapshot at the cutoff with its code index, as the RCX generators read them. */
export interface RcxSnapshot {
  readonly info: SnapshotInfo;
  readonly snapshot: { readonly directory: string; readonly commit: string; readonly cutoff: string; readonly committedAt: string };
  readonly index: CodeIndex;
  /** A reader of the snapshot (close it with {@link closeReader}); `undefined` when the history was dropped. */
  readonly git: GitReaderV1;
  /** The hotness window start, when history was kept. */
  readonly hotnessSince: string | undefined;
}

/** Options of {@link prepareRcxSnapshot}. */
export interface PrepareRcxSnapshotOptions {
  readonly repo: string;
  readonly cutoff: string;
  /** Snapshot folder. Default: `.swespot/snapshots/<repo folder>-<cutoff>` under the working directory. */
  readonly snapshotDirectory?: string;
  /** Start of the hotness window: a date, `all`, or a number of years before the cutoff. Default: 3 years. */
  readonly hotnessSince?: string;
  readonly progress: boolean;
  readonly context: CommandContext;
}

/** Closes a git reader that has a `close` (the CLI reader does). */
export function closeReader(git: GitReaderV1 | undefined): void {
  (git as { close?: () => void } | undefined)?.close?.();
}

/** The default snapshot folder of a repository and cutoff. */
export function defaultSnapshotDirectory(cwd: string, repo: string, cutoff: string): string {
  return resolve(cwd, '.swespot', 'snapshots', `${basename(resolve(cwd, repo))}-${cutoff.replace(/[^0-9A-Za-z-]/g, '')}`);
}

function hotnessStart(option: string | undefined, cutoff: string): string | undefined {
  const value = option ?? '3';
  if (value === 'all') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const date = new Date(cutoff);
    date.setUTCMonth(date.getUTCMonth() - Math.round(Number(value) * 12));
    return date.toISOString();
  }
  return value;
}

/**
 * Makes (or reuses) the snapshot of `repo` at the cutoff with its history up to the cutoff
 * (`truncated`, audited), and indexes it with tree-sitter and hotness over the window. A
 * snapshot whose kept history fails its audit (clock skew) falls back to no history, with a
 * warning: hotness is then unknown. Generators read only this snapshot.
 *
 * @throws {InvalidArgumentError} naming `repo` when it is not a folder, `cutoff` when no commit is at or before it.
 */
export async function prepareRcxSnapshot(options: PrepareRcxSnapshotOptions): Promise<RcxSnapshot> {
  const { context } = options;
  const repo = resolve(context.cwd, options.repo);
  const info = await stat(repo).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new InvalidArgumentError({ argument: 'repo', message: `<repo>: no such folder: ${repo}; give a clone of the repository.` });
  }
  const into = options.snapshotDirectory === undefined ? defaultSnapshotDirectory(context.cwd, options.repo, options.cutoff) : resolve(context.cwd, options.snapshotDirectory);
  const abort = context.abortSignal ? { abortSignal: context.abortSignal } : {};
  let snapshot: SnapshotInfo;
  try {
    snapshot = await createSnapshot({ repo, cutoff: options.cutoff, history: 'truncated', into, ...abort });
  } catch (error) {
    if (!SnapshotLeakError.isInstance(error)) throw error;
    context.stderr.write(`warning: the history up to the cutoff has a commit dated after it (clock skew); snapshotting without history, so hotness is unknown.\n`);
    snapshot = await createSnapshot({ repo, cutoff: options.cutoff, history: 'none', into: `${into}-no-history`, ...abort });
  }
  const git = await openGitReader({ directory: snapshot.directory, ...abort });
  const since = snapshot.history === 'truncated' ? hotnessStart(options.hotnessSince, snapshot.cutoff) : undefined;
  let progress: ProgressReporter | undefined;
  try {
    const { index } = await indexRepository({
      source: createGitRepositorySource({ git, commit: snapshot.commit }),
      ...(snapshot.history === 'truncated' ? { hotness: { git, commit: snapshot.commit, ...(since === undefined ? {} : { since }), ...abort } } : {}),
      onProgress: ({ done, total }) => {
        if (!options.progress) return;
        progress ??= createProgressReporter({ label: 'index files', total, stream: context.stderr });
        progress.update(done);
      },
      ...abort,
    });
    progress?.stop();
    return {
      info: snapshot,
      snapshot: { directory: snapshot.directory, commit: snapshot.sourceCommit, cutoff: snapshot.cutoff, committedAt: snapshot.committedAt },
      index,
      git,
      hotnessSince: since,
    };
  } catch (error) {
    progress?.stop();
    closeReader(git);
    throw error;
  }
}

/**
 * The `owner/name` of a clone: `--repo-name`, else its `origin` remote's URL
 * (`https://github.com/pallets/click.git` → `pallets/click`), else `local/<folder>`.
 */
export async function repositoryNameOf(repo: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(given)) throw new InvalidArgumentError({ argument: 'repoName', message: `--repo-name: expected owner/name, e.g. pallets/click; got ${JSON.stringify(given)}.` });
    return given;
  }
  const url = await execFileAsync('git', ['-C', repo, 'config', '--get', 'remote.origin.url']).then(
    (result) => result.stdout.trim(),
    () => '',
  );
  // A hosted URL (`https://host/owner/name.git`, `git@host:owner/name.git`); a local path says nothing.
  const match = /^(?:[a-z+]+:\/\/[^/]+\/|[^@/\s]+@[^:/\s]+:)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
  if (match !== null) return `${match[1]}/${match[2]}`;
  return `local/${basename(repo).replace(/\s+/g, '-') || 'repository'}`;
}

const environmentFileSchema = z.strictObject({ environment: environmentSpecSchema, testSpec: testSpecSchema });

/**
 * The `environment` and `testSpec` the RCX tasks carry: from `--environment FILE` (the
 * build record `swespot env build --out FILE` writes, or JSON `{ "environment", "testSpec" }`), else a
 * stopgap: the Python base image with pytest (the source folder on `PYTHONPATH` for a `src/`
 * layout), or the Node base image with Vitest (a JavaScript project whose dependencies must
 * be installed needs `--environment`: sandboxes have no network).
 */
export async function rcxEnvironment(file: string | undefined, index: CodeIndex, context: CommandContext): Promise<{ environment: EnvironmentSpec; testSpec: TestSpec }> {
  if (file !== undefined) {
    const { path, value } = await readEnvironmentJson(file, context);
    if (typeof value === 'object' && value !== null && 'recipe' in value) {
      const build = parseWithSchema(environmentBuildSchema, value, { file: path, schema: 'EnvironmentBuild' });
      if (!build.usable) context.stderr.write(`warning: --environment: ${path} is not usable (${build.reasons.join('; ') || 'too few tests passed'}); the tasks' tests may fail for reasons of their own.\n`);
      return taskEnvironmentOf(build);
    }
    return parseWithSchema(environmentFileSchema, value, { file: path, schema: 'environment file' });
  }
  const { readAptMirror } = await import('@swespot/repo-sandbox');
  const { baseImageTag } = await import('@swespot/repo-sandbox/docker');
  const counts = index.counts().filesByLanguage;
  const python = (counts['python'] ?? 0) >= (counts['javascript'] ?? 0) + (counts['typescript'] ?? 0) + (counts['tsx'] ?? 0);
  const mirror = await readAptMirror();
  if (python) {
    const sourceLayout = index.files.some((indexed) => indexed.path.startsWith('src/') && indexed.language === 'python');
    return {
      environment: { image: baseImageTag({ flavor: 'python' }, mirror), installCommands: [], workingDirectory: '/testbed' },
      testSpec: {
        language: 'python',
        framework: 'pytest',
        command: 'python3 -m pytest -rA -p no:cacheprovider {tests}',
        selection: { mode: 'all' },
        env: sourceLayout ? { PYTHONPATH: 'src' } : {},
        timeoutSeconds: 1800,
      },
    };
  }
  return {
    environment: { image: baseImageTag({ flavor: 'node' }, mirror), installCommands: [], workingDirectory: '/testbed' },
    testSpec: { language: 'typescript', framework: 'vitest', command: 'npx vitest run --reporter=verbose {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 1800 },
  };
}

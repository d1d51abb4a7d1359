import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { runGitText } from '../git/run-git';
import { renderSampleFiles, type SampleFlag } from './sample-files';
import { SAMPLE_HISTORY, SAMPLE_MERGER, SAMPLE_REPOSITORY_CUTOFF, type SamplePerson } from './sample-history';

/** Options of {@link createSampleRepository}. */
export interface CreateSampleRepositoryOptions {
  /** Where the repository goes: a folder that does not exist yet or is empty. */
  readonly directory: string;
  /** The GitHub owner named in merge messages (`Merge pull request #N from OWNER/branch`). Default: `tinyshop-dev`. */
  readonly owner?: string;
  /** The git executable. Default: `git` on `PATH`. */
  readonly gitBinary?: string;
  readonly abortSignal?: AbortSignal;
}

/** A pull request of the sample history, as merged on main. */
export interface SamplePullRequest {
  readonly number: number;
  readonly title: string;
  /** `bugfix`: its source change fixes a bug that the tests it adds catch; `feature`: new code with its tests. */
  readonly type: 'feature' | 'bugfix';
  readonly branch: string;
  /** The merge commit on main (first parent: main before the merge). */
  readonly mergeCommit: string;
  /** When it was merged, ISO 8601 UTC: the merge commit's author and committer date. */
  readonly mergedAt: string;
  /** Whether it was merged on or before {@link SAMPLE_REPOSITORY_CUTOFF} (so it is in the snapshot at that cutoff). */
  readonly beforeCutoff: boolean;
  /** The issue its merge message closes (`Fixes #N`), with the text a reporter wrote; null when none. */
  readonly fixes: { readonly number: number; readonly title: string; readonly body: string } | null;
  /** Files under `tinyshop/` it changes. */
  readonly sourceFiles: readonly string[];
  /** Files under `tests/` it changes. */
  readonly testFiles: readonly string[];
  /** pytest ids of the tests it adds that fail before its source change and pass after it (bug fixes only). */
  readonly failToPass: readonly string[];
}

/** What {@link createSampleRepository} made. */
export interface SampleRepository {
  readonly directory: string;
  /** The commit main points at. */
  readonly head: string;
  /** The default knowledge cutoff, YYYY-MM-DD: {@link SAMPLE_REPOSITORY_CUTOFF}. */
  readonly cutoff: string;
  /** Every pull request, in merge order. */
  readonly pullRequests: readonly SamplePullRequest[];
  /** Release tags and the commit each names (annotated tags, dated like their release commit). */
  readonly tags: Readonly<Record<string, string>>;
}

/** `2024-01-08T09:00:00Z` as git's raw date format, which every git version reads the same way. */
function rawDate(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`;
}

/**
 * Creates the sample repository: tinyshop, a small Python package (money, a product catalog,
 * a cart with discounts, receipts; cross-module imports, classes and functions with
 * docstrings) with a pytest suite that needs nothing but pytest, and a real git history of
 * 11 pull requests merged into main as GitHub merge commits (`Merge pull request #N from
 * OWNER/BRANCH`, `Fixes #M` for linked issues), plus release commits and annotated tags.
 *
 * Six pull requests fix bugs: each changes source under `tinyshop/` and adds a test under
 * `tests/` that fails before the change and passes after it ({@link SamplePullRequest.failToPass}).
 * Four of them and four features are merged before {@link SAMPLE_REPOSITORY_CUTOFF}
 * (2024-06-01), two and one after it; one pull request is written before the cutoff and
 * merged after it. Every date, name and message is fixed, so the commit ids are the same on
 * every machine and every run.
 */
export async function createSampleRepository(options: CreateSampleRepositoryOptions): Promise<SampleRepository> {
  const directory = resolve(options.directory);
  const existing = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) {
    throw new InvalidArgumentError({ argument: 'directory', message: `${directory} is not empty; the sample repository needs a new or empty folder` });
  }
  await mkdir(directory, { recursive: true });
  const owner = options.owner ?? 'tinyshop-dev';

  const git = (args: readonly string[], person?: SamplePerson, date?: string, committer?: SamplePerson) =>
    runGitText(['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
      cwd: directory,
      gitBinary: options.gitBinary,
      abortSignal: options.abortSignal,
      env: {
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...(person ? { GIT_AUTHOR_NAME: person.name, GIT_AUTHOR_EMAIL: person.email } : {}),
        ...((committer ?? person) ? { GIT_COMMITTER_NAME: (committer ?? person)!.name, GIT_COMMITTER_EMAIL: (committer ?? person)!.email } : {}),
        ...(date ? { GIT_AUTHOR_DATE: rawDate(date), GIT_COMMITTER_DATE: rawDate(date) } : {}),
      },
    });

  let written = new Set<string>();
  const writeTree = async (flags: ReadonlySet<SampleFlag>) => {
    const files = renderSampleFiles(flags);
    for (const path of written) if (!(path in files)) await rm(join(directory, path));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), content);
    }
    written = new Set(Object.keys(files));
  };
  const commit = async (flags: ReadonlySet<SampleFlag>, message: string, author: SamplePerson, date: string) => {
    await writeTree(flags);
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', message], author, date);
  };

  await git(['init', '-q', '-b', 'main']);
  const flags = new Set<SampleFlag>();
  const pullRequests: SamplePullRequest[] = [];
  const tags: Record<string, string> = {};
  const cutoffTime = Date.parse(`${SAMPLE_REPOSITORY_CUTOFF}T00:00:00Z`);
  for (const step of SAMPLE_HISTORY) {
    if (step.kind === 'commit') {
      for (const flag of step.commit.flags) flags.add(flag);
      await commit(flags, step.commit.message, step.author, step.commit.date);
    } else if (step.kind === 'tag') {
      await git(['tag', '-a', step.name, '-m', `Release ${step.name.slice(1)}`], SAMPLE_MERGER, step.date, SAMPLE_MERGER);
      tags[step.name] = (await git(['rev-parse', `${step.name}^{commit}`])).trim();
    } else {
      await git(['checkout', '-q', '-b', step.branch]);
      for (const planned of step.commits) {
        for (const flag of planned.flags) flags.add(flag);
        await commit(flags, planned.message, step.author, planned.date);
      }
      await git(['checkout', '-q', 'main']);
      const message = [`Merge pull request #${step.number} from ${owner}/${step.branch}`, '', step.title, ...(step.fixes ? ['', `Fixes #${step.fixes.number}`] : [])].join('\n');
      await git(['merge', '-q', '--no-ff', '-m', message, step.branch], step.author, step.mergedAt, SAMPLE_MERGER);
      await git(['branch', '-q', '-D', step.branch]);
      const mergeCommit = (await git(['rev-parse', 'HEAD'])).trim();
      const changed = (await git(['diff', '--name-only', 'HEAD^1', 'HEAD'])).split('\n').filter(Boolean);
      pullRequests.push({
        number: step.number,
        title: step.title,
        type: step.type,
        branch: step.branch,
        mergeCommit,
        mergedAt: new Date(Date.parse(step.mergedAt)).toISOString(),
        beforeCutoff: Date.parse(step.mergedAt) <= cutoffTime,
        fixes: step.fixes ?? null,
        sourceFiles: changed.filter((path) => path.startsWith('tinyshop/')),
        testFiles: changed.filter((path) => path.startsWith('tests/')),
        failToPass: step.failToPass ?? [],
      });
    }
  }
  // git writes the merge's tree from the index it already has; the work tree matches main.
  const head = (await git(['rev-parse', 'HEAD'])).trim();
  return { directory, head, cutoff: SAMPLE_REPOSITORY_CUTOFF, pullRequests, tags };
}

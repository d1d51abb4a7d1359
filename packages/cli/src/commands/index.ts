import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createFileIndexCache,
  createGitRepositorySource,
  indexRepository,
  writeCodeIndex,
  type CodeIndexCounts,
  type HotnessOptions,
  type IndexRepositoryResult,
} from '@swespot/code-index';
import { openGitReader } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { checkDateOption, checkDateOrder } from './check-date-option';
import type { CommandContext } from './command-context';

interface IndexOptions {
  commit?: string;
  out: string;
  backend: 'auto' | 'native' | 'wasm';
  cache?: string;
  hotness?: boolean;
  since?: string;
  until?: string;
  json?: boolean;
  force?: boolean;
  progress: boolean;
}

/**
 * Adds `swespot index <repo-or-snapshot> [--commit SHA] --out index.json [--backend auto|native|wasm]
 * [--cache DIR] [--hotness [--since DATE] [--until DATE]] [--json] [--force] [--no-progress]`: indexes
 * the working tree (or a commit, read through git; a bare repository's HEAD) with tree-sitter,
 * writes the validated index, and prints counts: files, entities by kind, references by status,
 * tests. An existing `--out` is replaced only with `--force`; a folder without source files in
 * a supported language gets a warning.
 */
export function registerIndexCommand(program: Command, context: CommandContext): void {
  program
    .command('index')
    .description('index a repository with tree-sitter: entities, imports, cross-file references, tests, hotness')
    .argument('<repo>', 'the repository or snapshot folder')
    .option('--commit <sha>', 'index this commit (read through git) instead of the working tree')
    .requiredOption('--out <file>', 'where to write the index, e.g. index.json')
    .addOption(
      new Option('--backend <name>', 'tree-sitter binding (default: auto = native, else WASM; env SWESPOT_TREE_SITTER_BACKEND)')
        .choices(['auto', 'native', 'wasm'])
        .default('auto'),
    )
    .option('--cache <dir>', 'keep extractions by blob id here; a later run parses only changed files')
    .option('--hotness', 'count commits and authors per file and entity (needs git history)')
    .option('--since <date>', 'hotness window start, YYYY-MM-DD or ISO date-time (implies --hotness)')
    .option('--until <date>', 'hotness window end, YYYY-MM-DD or ISO date-time (implies --hotness)')
    .option('--json', 'print the counts as JSON')
    .option('--force', 'replace the file at --out when there is one')
    .option('--no-progress', 'do not report progress on stderr')
    .action(async (repo: string, options: IndexOptions) => {
      if (options.since !== undefined && !checkDateOption('--since', options.since, context)) return;
      if (options.until !== undefined && !checkDateOption('--until', options.until, context)) return;
      if (!checkDateOrder(options.since, options.until, context)) return;
      const directory = resolve(context.cwd, repo);
      const out = resolve(context.cwd, options.out);
      if (!existsSync(directory)) {
        context.stderr.write(`index: no such folder: ${directory}\n`);
        context.setExitCode(1);
        return;
      }
      if (existsSync(out) && options.force !== true) {
        context.stderr.write(
          statSync(out).isDirectory()
            ? `--out: ${out} is a folder; give a file path, e.g. ${join(options.out, 'index.json')}\n`
            : `--out: ${out} exists; give --force to replace it, or another --out (the file was left as it is)\n`,
        );
        context.setExitCode(1);
        return;
      }
      const bare = isBareRepository(directory);
      const wantsHotness = options.hotness === true || options.since !== undefined || options.until !== undefined;
      const needsGit = options.commit !== undefined || wantsHotness || bare;
      const git = needsGit ? await openGitReader({ directory, ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) }) : undefined;
      let progress: ProgressReporter | undefined;
      let hotnessProgress: ProgressReporter | undefined;
      try {
        let commit: string | undefined;
        if (git !== undefined && options.commit !== undefined) {
          try {
            commit = await git.resolveRef(options.commit);
          } catch {
            context.stderr.write(`--commit: ${JSON.stringify(options.commit)} is not a commit of ${directory}\n`);
            context.setExitCode(1);
            return;
          }
        } else if (git !== undefined && bare) {
          // A bare repository has no working tree to read: index the commit its HEAD names.
          try {
            commit = await git.resolveRef('HEAD');
          } catch {
            context.stderr.write(`index: ${directory} is a bare repository without commits; give --commit SHA, or index a clone with a working tree\n`);
            context.setExitCode(1);
            return;
          }
          context.stderr.write(`index: ${directory} is a bare repository: indexing its HEAD, commit ${commit} (give --commit for another)\n`);
        }
        const hotness: HotnessOptions | undefined =
          wantsHotness && git !== undefined
            ? {
                git,
                ...(commit === undefined ? {} : { commit }),
                ...(options.since === undefined ? {} : { since: options.since }),
                ...(options.until === undefined ? {} : { until: options.until }),
                onProgress: ({ done, total }) => {
                  if (!options.progress) return;
                  if (hotnessProgress === undefined) {
                    progress?.stop();
                    hotnessProgress = createProgressReporter({ label: 'hotness commits', total, stream: context.stderr });
                  }
                  hotnessProgress.update(done);
                },
              }
            : undefined;
        const result: IndexRepositoryResult = await indexRepository({
          source: git !== undefined && commit !== undefined ? createGitRepositorySource({ git, commit }) : directory,
          backend: options.backend,
          ...(options.cache === undefined ? {} : { cache: createFileIndexCache({ directory: resolve(context.cwd, options.cache) }) }),
          ...(hotness === undefined ? {} : { hotness }),
          onProgress: ({ done, total }) => {
            if (!options.progress) return;
            progress ??= createProgressReporter({ label: 'index files', total, stream: context.stderr });
            progress.update(done);
          },
          ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
        });
        progress?.stop();
        hotnessProgress?.stop();
        await writeCodeIndex(out, result.index);
        const counts = result.index.counts();
        if (options.json === true) {
          context.stdout.write(`${JSON.stringify({ out, backend: result.index.backend, ...counts, statistics: result.statistics }, null, 2)}\n`);
        } else {
          context.stdout.write(formatCounts(out, result, counts));
        }
        if (counts.files === 0) {
          context.stderr.write(
            `index: warning: ${commit === undefined ? directory : `commit ${commit}`} has no source files in a supported language (Python, JavaScript, TypeScript, TSX); the index is empty\n`,
          );
        }
        if (result.statistics.backendFallbackReason !== undefined) {
          context.stderr.write(`index: used the WASM backend: ${result.statistics.backendFallbackReason}\n`);
        }
      } finally {
        progress?.stop();
        hotnessProgress?.stop();
        (git as { close?: () => void } | undefined)?.close?.();
      }
    });
}

function formatCounts(out: string, result: IndexRepositoryResult, counts: CodeIndexCounts): string {
  const { statistics } = result;
  const kinds = Object.entries(counts.entitiesByKind)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  const references = counts.references;
  const languages = Object.entries(counts.filesByLanguage)
    .map(([language, count]) => `${count} ${language}`)
    .join(', ');
  return [
    `index ${out} (${result.index.backend} tree-sitter${result.index.commit === undefined ? ', working tree' : `, commit ${result.index.commit}`})`,
    `files ${counts.files} (${languages || 'none'}); parsed ${statistics.parsedFiles}, from cache ${statistics.cachedFiles}, duplicates ${statistics.duplicateFiles}, skipped ${statistics.skippedFiles.length}`,
    `entities ${kinds}`,
    `references ${references.resolved} resolved, ${references.unresolved} unresolved, ${references['same-file']} same-file, ${references['third-party']} third-party, ${references.builtin} builtin`,
    `tests ${counts.testCases} in ${counts.testFiles} test files`,
    '',
  ].join('\n');
}

/** Whether `directory` is a bare git repository: git's own test (HEAD, objects and refs in the folder itself), without a `.git`. */
function isBareRepository(directory: string): boolean {
  return (
    !existsSync(join(directory, '.git')) &&
    existsSync(join(directory, 'HEAD')) &&
    existsSync(join(directory, 'objects')) &&
    existsSync(join(directory, 'refs'))
  );
}

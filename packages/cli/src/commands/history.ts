import { resolve } from 'node:path';
import { historyCommitRecordSchema, openJsonlWriter } from '@swespot/core';
import { claimOutputFile, openGitReader, readHistory, runGit, type GitBackendChoice } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { createProgressReporter } from '../progress/create-progress-reporter';
import { checkDateOption, checkDateOrder } from './check-date-option';
import { bindConfigKeys } from '../config/config-backed-options';
import type { CommandContext } from './command-context';

interface HistoryOptions {
  until?: string;
  since?: string;
  ref?: string;
  backend: GitBackendChoice;
  out: string;
  progress: boolean;
}

/**
 * Adds `swespot history <repo> [--until YYYY-MM-DD] [--since YYYY-MM-DD] [--ref BRANCH]
 * [--backend auto|git-cli|isomorphic-git] --out FILE.jsonl`: writes one record per
 * first-parent commit (sha, dates, pull request, linked issues, files with status and line
 * counts), validated with core's `historyCommitRecordSchema`. Rerunning it skips the commits
 * already in the file.
 */
export function registerHistoryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('history')
    .description('write the first-parent history of a repository as JSONL: PR numbers, linked issues, files and line counts per commit')
    .argument('<repo>', 'the repository (by the temporal protocol: a snapshot at the cutoff)')
    .option('--until <date>', 'only commits committed at or before this date, YYYY-MM-DD (00:00 UTC) or ISO date-time')
    .option('--since <date>', 'only commits committed at or after this date')
    .option('--ref <branch>', 'the branch to follow (default: HEAD)')
    .addOption(new Option('--backend <name>', 'git implementation').choices(['auto', 'git-cli', 'isomorphic-git']).default('auto'))
    .requiredOption('--out <file>', 'the JSONL file to write (appended to; ids already present are skipped)')
    .option('--no-progress', 'do not report progress on stderr');
  // The temporal protocol: history up to the knowledge cutoff.
  bindConfigKeys(command, { '--until': 'cutoff' }).action(async (repo: string, options: HistoryOptions) => {
    if (options.until !== undefined && !checkDateOption('--until', options.until, context)) return;
    if (options.since !== undefined && !checkDateOption('--since', options.since, context)) return;
    if (!checkDateOrder(options.since, options.until, context)) return;
    const directory = resolve(context.cwd, repo);
    const abortSignal = context.abortSignal;
    const reader = await openGitReader({ directory, backend: options.backend, ...(abortSignal ? { abortSignal } : {}) });
    let claim;
    try {
      claim = await claimOutputFile(resolve(context.cwd, options.out), { argument: '--out' });
    } catch (error) {
      reader.close();
      throw error;
    }
    const out = claim.path;
    let written = 0;
    let skipped = 0;
    let progress: ReturnType<typeof createProgressReporter> | undefined;
    let writer;
    try {
      writer = await openJsonlWriter(out, { schema: historyCommitRecordSchema, schemaName: 'HistoryCommitRecord', ...(abortSignal ? { abortSignal } : {}) });
      progress = options.progress
        ? createProgressReporter({ label: 'history', total: await countCommits(reader.backend, directory, options), stream: context.stderr })
        : undefined;
      for await (const record of readHistory({
        reader,
        ...(options.ref === undefined ? {} : { ref: options.ref }),
        ...(options.until === undefined ? {} : { until: options.until }),
        ...(options.since === undefined ? {} : { since: options.since }),
        ...(abortSignal ? { abortSignal } : {}),
      })) {
        if (writer.has(record.id)) skipped += 1;
        else if (await writer.write(record)) written += 1;
        progress?.increment();
      }
      await writer.close();
    } catch (error) {
      await writer?.close().catch(() => undefined);
      // A first run that failed before its first record leaves no empty file; records
      // already written stay, and a rerun resumes after them.
      if (written === 0) await claim.discard();
      throw error;
    } finally {
      progress?.stop();
      reader.close();
    }
    context.stdout.write(`history: ${written} record(s) written, ${skipped} already present, to ${out} (backend ${reader.backend})\n`);
  });
}

/** The number of commits the history will hold, for the progress total (0 when unknown). */
async function countCommits(backend: string, directory: string, options: HistoryOptions): Promise<number> {
  if (backend !== 'git-cli') return 0;
  const args = ['rev-list', '--count', '--first-parent'];
  if (options.until) args.push(`--until=@${Math.floor(new Date(options.until).getTime() / 1000)}`);
  if (options.since) args.push(`--since=@${Math.ceil(new Date(options.since).getTime() / 1000)}`);
  args.push('--end-of-options', options.ref ?? 'HEAD', '--');
  const result = await runGit(args, { cwd: directory, allowedExitCodes: [128] });
  return result.exitCode === 0 ? Number(result.stdout.toString('utf8').trim()) || 0 : 0;
}

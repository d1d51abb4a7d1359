import { resolve } from 'node:path';
import { createSnapshot, formatAuditSummary, type SnapshotHistory } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
import type { CommandContext } from './command-context';
import { checkCutoffNotInFuture, checkDateOption } from './check-date-option';

interface SnapshotOptions {
  cutoff?: string;
  commit?: string;
  history: SnapshotHistory;
  ref?: string;
  out: string;
}

/**
 * Adds `swespot snapshot <repo> (--cutoff YYYY-MM-DD | --commit SHA) [--history none|truncated]
 * [--ref BRANCH] --out DIR`: makes a working copy of the repository at the cutoff with
 * sanitised history, audits it, and prints the chosen commit and the audit summary. An
 * existing snapshot of the same commit in DIR is reused.
 */
export function registerSnapshotCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('snapshot')
    .description('make a working copy of a repository at a knowledge cutoff, with sanitised history and a leakage audit')
    .argument('<repo>', 'the repository (a clone or a bare repository)')
    .option('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time; compares committer dates')
    .option('--commit <sha>', 'snapshot this commit instead of the last first-parent commit before the cutoff')
    .addOption(new Option('--history <mode>', 'none: one fresh commit; truncated: history up to the commit').choices(['none', 'truncated']).default('none'))
    .option('--ref <branch>', 'the branch whose first-parent line the cutoff walks (default: HEAD)')
    .requiredOption('--out <dir>', 'a new or empty folder for the snapshot');
  bindConfigKeys(command, { '--cutoff': 'cutoff' }).action(async (repo: string, options: SnapshotOptions) => {
    if (options.cutoff === undefined && options.commit === undefined) {
      context.stderr.write('snapshot: give --cutoff YYYY-MM-DD or --commit SHA\n');
      context.setExitCode(1);
      return;
    }
    if (options.cutoff !== undefined && !(checkDateOption('--cutoff', options.cutoff, context) && checkCutoffNotInFuture('--cutoff', options.cutoff, context))) return;
    const snapshot = await createSnapshot({
      repo: resolve(context.cwd, repo),
      into: resolve(context.cwd, options.out),
      history: options.history,
      ...(options.cutoff === undefined ? {} : { cutoff: options.cutoff }),
      ...(options.commit === undefined ? {} : { commit: options.commit }),
      ...(options.ref === undefined ? {} : { ref: options.ref }),
      ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
    });
    context.stdout.write(
      [
        `snapshot ${snapshot.directory}${snapshot.reused ? ' (reused)' : ''}`,
        `commit ${snapshot.sourceCommit} committed ${snapshot.committedAt}`,
        `history ${snapshot.history}${snapshot.history === 'none' ? ` (new root commit ${snapshot.commit})` : ''}, branch ${snapshot.branch}`,
        `audit ${formatAuditSummary(snapshot.audit)}`,
        '',
      ].join('\n'),
    );
  });
}


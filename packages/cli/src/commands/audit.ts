import { resolve } from 'node:path';
import { auditSnapshot, countLeaks, formatAuditSummary } from '@swespot/repo-sandbox';
import type { Command } from 'commander';
import { checkCutoffNotInFuture, checkDateOption } from './check-date-option';
import { bindConfigKeys } from '../config/config-backed-options';
import type { CommandContext } from './command-context';

/**
 * Adds `swespot audit <dir> --cutoff YYYY-MM-DD [--json]`: enumerates every ref, reflog
 * entry and object of the repository in DIR and prints the audit summary (total leaks and
 * totals per kind) and the listed leaks (`kind: detail`, at most 50 of a kind, then how many
 * more). Exit code 1 when anything leaks past the cutoff.
 */
export function registerAuditCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('audit')
    .description('prove that a snapshot holds no commit, ref, reflog entry or object from after the cutoff (exit 1 on a leak)')
    .argument('<dir>', 'the snapshot (or any repository) to audit')
    .requiredOption('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time; compares committer and tagger dates')
    .option('--json', 'print the whole report as JSON');
  bindConfigKeys(command, { '--cutoff': 'cutoff' }).action(async (directory: string, options: { cutoff: string; json?: boolean }) => {
    if (!checkDateOption('--cutoff', options.cutoff, context) || !checkCutoffNotInFuture('--cutoff', options.cutoff, context)) return;
    const report = await auditSnapshot(resolve(context.cwd, directory), options.cutoff, {
      throwOnLeak: false,
      ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
    });
    if (options.json) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      context.stdout.write(`${formatAuditSummary(report)}\n`);
      for (const leak of report.leaks) context.stdout.write(`${leak.kind}: ${leak.detail}\n`);
      for (const [kind, count] of Object.entries(report.leakCounts)) {
        const listed = report.leaks.filter((leak) => leak.kind === kind).length;
        if (count !== undefined && count > listed) context.stdout.write(`${kind}: ... and ${(count - listed).toLocaleString('en-US')} more not listed\n`);
      }
    }
    const total = countLeaks(report);
    if (total > 0) {
      context.stderr.write(`audit: ${total.toLocaleString('en-US')} leak(s) past ${report.cutoff} in ${report.directory}\n`);
      context.setExitCode(1);
    }
  });
}

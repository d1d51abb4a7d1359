import { resolve } from 'node:path';
import { designTaskSchema, openJsonlWriter } from '@swespot/core';
import { countFolderCommits, mineDesignTasks, type DesignMiningStatistics } from '@swespot/design-probes';
import type { Command } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
import { createProgressReporter } from '../progress/create-progress-reporter';
import { formatCounts, wholeNumberOption } from '../rcx/rcx-option-checks';
import { closeReader, prepareRcxSnapshot, rcxEnvironment, repositoryNameOf } from '../rcx/prepare-rcx-snapshot';
import { checkDateOption } from './check-date-option';
import type { CommandContext } from './command-context';

interface DesignOptions {
  cutoff: string;
  out: string;
  count?: string;
  seed?: string;
  moduleShare?: string;
  fileShare?: string;
  chunkShare?: string;
  snapshot?: string;
  hotnessSince?: string;
  repoName?: string;
  environment?: string;
  json?: boolean;
  progress: boolean;
}

function shareOf(flag: string, value: string | undefined, fallback: number, context: CommandContext): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() !== '' && Number.isFinite(number) && number >= 0) return number;
  context.stderr.write(`${flag}: expected a share of 0 or more, e.g. 0.3; got ${JSON.stringify(value)}\n`);
  context.setExitCode(1);
  return undefined;
}

/**
 * Adds `swespot design <repo> --cutoff YYYY-MM-DD [--count N] [--seed S] --out design.jsonl`:
 * RCX unit 1, software design probes on modules, files and classes or functions of a
 * snapshot at the cutoff, drawn by commit-history hotness (resumable, byte-identical for a
 * seed). Prints the share of probes per granularity.
 */
export function registerDesignCommand(program: Command, context: CommandContext): void {
  const design = program
    .command('design')
    .description('mine software design probes (RCX unit 1) on modules, files and code chunks of a snapshot at a cutoff')
    .argument('<repo>', 'the repository (a clone); it is read only through a snapshot at the cutoff')
    .requiredOption('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time')
    .requiredOption('--out <file>', 'tasks JSONL file (DesignTask records); probes already in it are skipped')
    .option('--count <n>', 'probes to write (default: 2048, or as many targets as there are)')
    .option('--seed <n>', 'seed of every choice; the same seed gives byte-identical output (default: 0)')
    .option('--module-share <share>', 'relative share of module (folder) probes (default: 0.2)')
    .option('--file-share <share>', 'relative share of file probes (default: 0.3)')
    .option('--chunk-share <share>', 'relative share of class and function probes (default: 0.5)')
    .option('--snapshot <dir>', 'snapshot folder, reused when it holds the same snapshot (default: .swespot/snapshots/<repo>-<cutoff>)')
    .option('--hotness-since <when>', "hotness window: a date, a number of years before the cutoff, or 'all' (default: 3)")
    .option('--repo-name <owner/name>', "the repository's name in the records (default: from the origin remote, else local/<folder>)")
    .option('--environment <file>', 'the build record of `swespot env build --out FILE`, or JSON { "environment", "testSpec" } (default: the Python or Node base image)')
    .option('--json', 'print the statistics as JSON')
    .option('--no-progress', 'do not report progress on stderr');
  // command line over swespot.config.json over defaults
  bindConfigKeys(design, { '--cutoff': 'cutoff', '--count': 'units.design.count', '--seed': 'seed' });
  design.action(async (repo: string, options: DesignOptions) => {
      if (!checkDateOption('--cutoff', options.cutoff, context)) return;
      const count = wholeNumberOption('--count', options.count, 2048, 1, context);
      const seed = wholeNumberOption('--seed', options.seed, 0, 0, context);
      const module = shareOf('--module-share', options.moduleShare, 0.2, context);
      const file = shareOf('--file-share', options.fileShare, 0.3, context);
      const chunk = shareOf('--chunk-share', options.chunkShare, 0.5, context);
      if ([count, seed, module, file, chunk].includes(undefined)) return;
      if (module! + file! + chunk! === 0) {
        context.stderr.write('--module-share, --file-share, --chunk-share: at least one share must be above 0\n');
        context.setExitCode(1);
        return;
      }
      const repoName = await repositoryNameOf(resolve(context.cwd, repo), options.repoName);
      const prepared = await prepareRcxSnapshot({
        repo,
        cutoff: options.cutoff,
        progress: options.progress,
        context,
        ...(options.snapshot === undefined ? {} : { snapshotDirectory: options.snapshot }),
        ...(options.hotnessSince === undefined ? {} : { hotnessSince: options.hotnessSince }),
      });
      try {
        const { environment, testSpec } = await rcxEnvironment(options.environment, prepared.index, context);
        const folderCommits =
          prepared.info.history === 'truncated'
            ? await countFolderCommits({ reader: prepared.git, ...(prepared.hotnessSince === undefined ? {} : { since: prepared.hotnessSince }), ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) })
            : undefined;
        const { tasks, statistics } = mineDesignTasks({
          snapshot: prepared.snapshot,
          index: prepared.index,
          repo: repoName,
          count: count!,
          seed: seed!,
          shares: { module: module!, file: file!, chunk: chunk! },
          ...(folderCommits === undefined ? {} : { folderCommits }),
          environment,
          testSpec,
        });
        const out = resolve(context.cwd, options.out);
        const writer = await openJsonlWriter(out, { schema: designTaskSchema, schemaName: 'DesignTask', ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
        const progress = options.progress ? createProgressReporter({ label: 'design probes', total: tasks.length, stream: context.stderr }) : undefined;
        let written = 0;
        try {
          for (const task of tasks) {
            if (await writer.write(task, context.abortSignal ? { abortSignal: context.abortSignal } : {})) written++;
            progress?.increment();
          }
        } finally {
          progress?.stop();
          await writer.close();
        }
        if (options.json === true) {
          context.stdout.write(`${JSON.stringify({ out, repo: repoName, commit: prepared.snapshot.commit, snapshot: prepared.snapshot.directory, probes: tasks.length, written, ...statistics }, null, 2)}\n`);
        } else {
          context.stdout.write(formatDesignSummary(out, repoName, prepared.snapshot.commit, tasks.length, written, count!, statistics));
        }
      } finally {
        closeReader(prepared.git);
      }
    });
}

function formatDesignSummary(out: string, repo: string, commit: string, probes: number, written: number, count: number, statistics: DesignMiningStatistics): string {
  const lines = [
    `design ${out} (${repo} at ${commit.slice(0, 12)})`,
    `probes ${probes} of ${count} asked: ${written} written, ${probes - written} already in the file`,
    `by granularity ${formatCounts(statistics.byGranularity, probes)}`,
    `by target ${formatCounts(statistics.byTargetGranularity, probes)}`,
    `targets with commits in the hotness window ${statistics.withHistory} of ${probes}`,
  ];
  if (probes < count) lines.push('note: fewer probes than asked: every candidate target was used');
  return `${lines.join('\n')}\n`;
}

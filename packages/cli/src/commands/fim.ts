import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fimTaskSchema, InvalidArgumentError, openJsonlWriter, readJsonl, type FimTask, type ModelV1 } from '@swespot/core';
import { checkFimFill, createSandboxTestRunner, mineFimTasks, type FimCheckResult, type FimMiningStatistics } from '@swespot/fim-holes';
import { createSnapshot, readSnapshotManifest } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { formatCounts, shareOption, wholeNumberOption } from '../rcx/rcx-option-checks';
import { closeReader, prepareRcxSnapshot, rcxEnvironment, repositoryNameOf } from '../rcx/prepare-rcx-snapshot';
import { createRolloutModel } from '../rollout/create-rollout-model';
import { createRolloutSandbox } from '../rollout/create-rollout-sandbox';
import type { RolloutOptions } from '../rollout/rollout-options-schema';
import { checkDateOption } from './check-date-option';
import type { CommandContext } from './command-context';

interface FimOptions {
  cutoff?: string;
  out?: string;
  count?: string;
  seed?: string;
  negativeRatio?: string;
  holesPerTask?: string;
  parts: string;
  minBodyLines?: string;
  maxHoleLines?: string;
  snapshot?: string;
  hotnessSince?: string;
  repoName?: string;
  environment?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  json?: boolean;
  progress: boolean;
}

interface FimCheckOptions {
  task: string;
  data: string;
  fill: string;
  snapshot?: string;
  repo?: string;
  sandbox: 'docker' | 'bubblewrap' | 'none';
  image?: string;
  json?: boolean;
}

/**
 * Adds `swespot fim <repo> --cutoff YYYY-MM-DD [--count N] [--seed S] [--negative-ratio R]
 * --out fim.jsonl` (RCX unit 2: agentic FIM tasks from a snapshot at the cutoff; resumable,
 * byte-identical for a seed) and `swespot fim check --task ID --data fim.jsonl --fill FILE`
 * (the checker: parse, the hole's tests in a sandbox, similarity to the ground truth).
 */
export function registerFimCommand(program: Command, context: CommandContext): void {
  const fim = program
    .command('fim')
    .description('mine agentic fill-in-the-middle tasks (RCX unit 2) from a snapshot at a cutoff; `fim check` grades a filled hole')
    .argument('<repo>', 'the repository (a clone); it is read only through a snapshot at the cutoff')
    // --cutoff and --out are checked in the action: commander would demand them of `fim check` too.
    .option('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time (required)')
    .option('--out <file>', 'tasks JSONL file (FimTask records); tasks already in it are skipped (required)')
    .option('--count <n>', 'tasks to write (default: 2048)')
    .option('--seed <n>', 'seed of every choice; the same seed gives byte-identical output (default: 0)')
    .option('--negative-ratio <share>', 'largest share of negative tasks (local logic only), 0 to below 1 (default: 0.1)')
    .option('--holes-per-task <n>', 'most holes in one task, from one file, never overlapping (default: 1)')
    .addOption(new Option('--parts <parts>', 'what a hole removes: whole definitions, bodies, or both').choices(['whole', 'body', 'whole,body']).default('whole,body'))
    .option('--min-body-lines <n>', 'fewest lines of code in a body (default: 3)')
    .option('--max-hole-lines <n>', 'most lines in a hole (default: 150)')
    .option('--snapshot <dir>', 'snapshot folder, reused when it holds the same snapshot (default: .swespot/snapshots/<repo>-<cutoff>)')
    .option('--hotness-since <when>', "hotness window: a date, a number of years before the cutoff, or 'all' (default: 3)")
    .option('--repo-name <owner/name>', "the repository's name in the records (default: from the origin remote, else local/<folder>)")
    .option('--environment <file>', 'the build record of `swespot env build --out FILE`, or JSON { "environment", "testSpec" } (default: the Python or Node base image)')
    .option('--model <provider:model>', 'describe definitions without a docstring with this model (default: a fixed template)')
    .option('--base-url <url>', 'API address of --model (required for vllm, sglang, llama.cpp)')
    .option('--api-key-env <name>', 'environment variable holding the API key of --model')
    .option('--json', 'print the statistics as JSON')
    .option('--no-progress', 'do not report progress on stderr');
  // command line over swespot.config.json over defaults
  bindConfigKeys(fim, { '--cutoff': 'cutoff', '--count': 'units.fim.count', '--seed': 'seed' });
  fim.action(async (repo: string, options: FimOptions) => {
      for (const [flag, value] of [['--cutoff <date>', options.cutoff], ['--out <file>', options.out]] as const) {
        if (value === undefined) {
          context.stderr.write(`error: required option '${flag}' not specified\n`);
          context.setExitCode(2);
          return;
        }
      }
      if (!checkDateOption('--cutoff', options.cutoff!, context)) return;
      const count = wholeNumberOption('--count', options.count, 2048, 1, context);
      const seed = wholeNumberOption('--seed', options.seed, 0, 0, context);
      const negativeRatio = shareOption('--negative-ratio', options.negativeRatio, 0.1, context);
      const holesPerTask = wholeNumberOption('--holes-per-task', options.holesPerTask, 1, 1, context);
      const minimumBodyLines = wholeNumberOption('--min-body-lines', options.minBodyLines, 3, 1, context);
      const maximumHoleLines = wholeNumberOption('--max-hole-lines', options.maxHoleLines, 150, 1, context);
      if ([count, seed, negativeRatio, holesPerTask, minimumBodyLines, maximumHoleLines].includes(undefined)) return;
      const repoName = await repositoryNameOf(resolve(context.cwd, repo), options.repoName);
      const model: ModelV1 | undefined =
        options.model === undefined
          ? undefined
          : await createRolloutModel({ model: options.model, baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv } as RolloutOptions, context.env);
      const prepared = await prepareRcxSnapshot({
        repo,
        cutoff: options.cutoff!,
        progress: options.progress,
        context,
        ...(options.snapshot === undefined ? {} : { snapshotDirectory: options.snapshot }),
        ...(options.hotnessSince === undefined ? {} : { hotnessSince: options.hotnessSince }),
      });
      let progress: ProgressReporter | undefined;
      let progressPhase: string | undefined;
      try {
        const { environment, testSpec } = await rcxEnvironment(options.environment, prepared.index, context);
        const out = resolve(context.cwd, options.out!);
        const writer = await openJsonlWriter(out, { schema: fimTaskSchema, schemaName: 'FimTask', ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
        let statistics: FimMiningStatistics;
        try {
          ({ statistics } = await mineFimTasks({
            snapshot: prepared.snapshot,
            index: prepared.index,
            repo: repoName,
            count: count!,
            seed: seed!,
            negativeRatio: negativeRatio!,
            holesPerTask: holesPerTask!,
            parts: options.parts === 'whole,body' ? ['whole', 'body'] : [options.parts as 'whole' | 'body'],
            minimumBodyLines: minimumBodyLines!,
            maximumHoleLines: maximumHoleLines!,
            environment,
            testSpec,
            ...(model === undefined ? {} : { model }),
            skipId: (id) => writer.has(id),
            onTask: async (task) => {
              await writer.write(task);
            },
            onProgress: ({ phase, done, total }) => {
              if (!options.progress) return;
              if (progress === undefined || progressPhase !== phase) {
                progress?.stop();
                progress = createProgressReporter({ label: `fim ${phase}`, total, stream: context.stderr });
                progressPhase = phase;
              }
              progress.update(done);
            },
            ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
          }));
        } finally {
          progress?.stop();
          await writer.close();
        }
        if (options.json === true) {
          context.stdout.write(`${JSON.stringify({ out, repo: repoName, commit: prepared.snapshot.commit, snapshot: prepared.snapshot.directory, hotnessSince: prepared.hotnessSince ?? null, ...statistics }, null, 2)}\n`);
        } else {
          context.stdout.write(formatFimSummary(out, repoName, prepared.snapshot.commit, statistics, count!));
        }
      } finally {
        closeReader(prepared.git);
      }
    });

  fim
    .command('check')
    .description('grade a filled FIM hole: does the file parse, do the hole\'s tests pass in a sandbox, how close is it to the ground truth')
    .requiredOption('--task <id>', 'the task id')
    .requiredOption('--data <file>', 'the tasks JSONL file holding it')
    .requiredOption('--fill <file>', 'the filled file (the task\'s file with the holes filled in)')
    .option('--snapshot <dir>', "a snapshot of the task's commit")
    .option('--repo <dir>', "the repository: a snapshot of the task's commit is made (or reused) under .swespot/snapshots")
    .addOption(new Option('--sandbox <name>', 'where the tests run; none: parse and similarity only').choices(['docker', 'bubblewrap', 'none']).default('docker'))
    .option('--image <image>', "container image (default: the task's environment.image)")
    .option('--json', 'print the result as JSON')
    .action(async (_options: FimCheckOptions, command: Command) => {
      // `fim` also has --snapshot, and commander gives it the value unless options are
      // positional program-wide: read both levels.
      const options = command.optsWithGlobals<FimCheckOptions>();
      const data = resolve(context.cwd, options.data);
      let task: FimTask | undefined;
      for await (const record of readJsonl(data, { schema: fimTaskSchema, schemaName: 'FimTask', ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) })) {
        if (record.id === options.task) {
          task = record;
          break;
        }
      }
      if (task === undefined) {
        context.stderr.write(`--task: no task ${JSON.stringify(options.task)} in ${data}\n`);
        context.setExitCode(1);
        return;
      }
      const snapshotDirectory = await snapshotForTask(task, options, context);
      const fill = await readFile(resolve(context.cwd, options.fill)).catch((error: unknown) => {
        throw new InvalidArgumentError({ argument: 'fill', message: `--fill: cannot read ${resolve(context.cwd, options.fill)}: ${(error as Error).message}` });
      });
      const runTests =
        options.sandbox === 'none'
          ? undefined
          : createSandboxTestRunner({
              // Docker: repo-sandbox's environment runner makes its own sandbox in the environment's working directory.
              ...(options.sandbox === 'docker' ? {} : { sandbox: await createRolloutSandbox({ sandbox: options.sandbox, image: options.image, unsafe: false } as RolloutOptions) }),
              ...(options.image === undefined ? {} : { image: options.image }),
            });
      const result = await checkFimFill({
        task,
        snapshotDirectory,
        fill: { filledFile: fill },
        ...(runTests === undefined ? {} : { runTests }),
        ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
      });
      if (options.json === true) {
        const { report, ...tests } = result.tests;
        context.stdout.write(`${JSON.stringify({ ...result, tests: { ...tests, ...(report === undefined ? {} : { report }) } }, null, 2)}\n`);
      } else {
        context.stdout.write(formatCheck(result, basename(task.file)));
      }
      if (!result.passed) context.setExitCode(1);
    });
}

async function snapshotForTask(task: FimTask, options: FimCheckOptions, context: CommandContext): Promise<string> {
  if (options.snapshot !== undefined) {
    const directory = resolve(context.cwd, options.snapshot);
    const manifest = await readSnapshotManifest(directory);
    if (manifest !== undefined && manifest.sourceCommit !== task.snapshot.commit) {
      throw new InvalidArgumentError({ argument: 'snapshot', message: `--snapshot: ${directory} holds commit ${manifest.sourceCommit}, but task ${task.id} is at ${task.snapshot.commit}.` });
    }
    return directory;
  }
  if (options.repo === undefined) {
    throw new InvalidArgumentError({ argument: 'snapshot', message: `--snapshot or --repo: give a snapshot of ${task.snapshot.commit}, or the repository to make one from.` });
  }
  const repo = resolve(context.cwd, options.repo);
  const info = await createSnapshot({
    repo,
    commit: task.snapshot.commit,
    cutoff: task.snapshot.cutoff,
    history: 'none',
    into: resolve(context.cwd, '.swespot', 'snapshots', `${basename(repo)}-${task.snapshot.commit.slice(0, 12)}`),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  return info.directory;
}

function formatFimSummary(out: string, repo: string, commit: string, statistics: FimMiningStatistics, count: number): string {
  const written = statistics.tasks - statistics.skippedExisting;
  const lines = [
    `fim ${out} (${repo} at ${commit.slice(0, 12)})`,
    `tasks ${statistics.tasks} of ${count} asked: ${written} written, ${statistics.skippedExisting} already in the file${statistics.droppedUnparseable > 0 ? `; ${statistics.droppedUnparseable} candidate(s) whose placeholder did not parse were replaced` : ''}`,
    `classification ${formatCounts(statistics.byClassification, statistics.tasks)}`,
    `holes by kind ${formatCounts(statistics.holesByKind)}`,
    `tasks by cross-file dependency count ${formatCounts(statistics.tasksByDependencyCount, statistics.tasks)}`,
    `distinct dependencies covered ${statistics.distinctDependencies}`,
    `instructions from ${formatCounts(statistics.instructionSources)}`,
    `tasks with tests ${statistics.tasksWithTests} of ${written}`,
    `candidates ${statistics.candidates.positive} positive, ${statistics.candidates.negative} negative; files skipped ${formatCounts(statistics.skips.files)}; definitions skipped ${formatCounts(statistics.skips.definitions)}`,
  ];
  if (statistics.tasks < count) lines.push(`note: fewer tasks than asked: the snapshot has ${statistics.candidates.positive} positive candidates and negatives are capped by --negative-ratio`);
  return `${lines.join('\n')}\n`;
}

function formatCheck(result: FimCheckResult, file: string): string {
  const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
  const lines = [
    `task ${result.taskId}: ${result.passed ? 'PASS' : 'FAIL'}`,
    `parses ${result.parses ? 'yes' : `no: ${file} has syntax errors`}`,
    ...result.holes.map(
      (hole, index) =>
        `hole ${index + 1}${hole.symbol === undefined ? '' : ` (${hole.symbol})`}: exact match ${hole.exactMatch ? 'yes' : 'no'}, edit similarity ${percent(hole.editSimilarity)}, syntax tree ${hole.syntaxTreeMatch ? 'matches' : `differs (${percent(hole.syntaxTreeSimilarity)} similar)`}`,
    ),
    result.tests.ran
      ? `tests ${result.tests.passed ? 'passed' : 'failed'}${result.tests.reason === undefined ? '' : `: ${result.tests.reason}`} (${result.tests.report?.tests.length ?? 0} run)`
      : `tests not run: ${result.tests.reason ?? 'no sandbox'}`,
  ];
  return `${lines.join('\n')}\n`;
}

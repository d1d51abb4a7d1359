import { resolve } from 'node:path';
import { formatShard, InvalidArgumentError, parseShardOption, type EnvironmentBuild, type ModelV1, type ShardSpec } from '@swespot/core';
import { createBugValidator, SYNTHETIC_STRATEGIES, synthesizeBugs, type StrategyYield, type SynthesizeBugsResult, type SyntheticStrategy } from '@swespot/pr-mirror';
import { buildEnvironment, inferEnvironment } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { formatCounts, wholeNumberOption } from '../rcx/rcx-option-checks';
import { closeReader, prepareRcxSnapshot, repositoryNameOf } from '../rcx/prepare-rcx-snapshot';
import { createRolloutModel } from '../rollout/create-rollout-model';
import type { RolloutOptions } from '../rollout/rollout-options-schema';
import { checkDateOption } from './check-date-option';
import type { CommandContext } from './command-context';
import { readEnvironmentBuild } from '../rcx/read-environment-option';
import { SHARD_OPTION, startShardRun, type ShardRun } from '../shard/shard-run';
import { addDockerEnginesOption, buildEngineOf, dockerEnginesSettings, dockerSandboxOfEngines, type DockerEngineAddress } from '../sandbox/docker-engines-option';

interface SynthOptions {
  cutoff?: string;
  out?: string;
  strategies: string;
  count?: string;
  seed?: string;
  validate: boolean;
  deps: 'online' | 'offline-debian';
  concurrency?: string;
  timeout?: string;
  maxTestFiles?: string;
  maxAttempts?: string;
  attempts?: string;
  shard?: string;
  dockerHost?: DockerEngineAddress[];
  minPassToPass?: string;
  mutationsPerBug?: string;
  environment?: string;
  snapshot?: string;
  hotnessSince?: string;
  repoName?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  json?: boolean;
  progress: boolean;
}

/** The `--strategies` list, checked; undefined (with the error written) when a name is unknown. */
export function parseStrategies(value: string, context: CommandContext): SyntheticStrategy[] | undefined {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !SYNTHETIC_STRATEGIES.includes(name as SyntheticStrategy));
  if (names.length === 0 || unknown.length > 0) {
    context.stderr.write(`error: --strategies: unknown ${unknown.map((name) => JSON.stringify(name)).join(', ') || 'empty list'}; choose from ${SYNTHETIC_STRATEGIES.join(',')}\n`);
    context.setExitCode(2);
    return undefined;
  }
  return [...new Set(names as SyntheticStrategy[])];
}

/** The yield per strategy as lines for a person; with a shard, which candidates were this shard's. */
export function formatSynthYields(result: SynthesizeBugsResult, validated: boolean, shard?: ShardSpec): string {
  const lines: string[] = [`targets          ${result.targets} functions, methods and classes that tests exercise`];
  for (const [strategy, stats] of Object.entries(result.yields) as [SyntheticStrategy, StrategyYield][]) {
    const dropped = Object.keys(stats.dropped).length > 0 ? `; dropped ${formatCounts(stats.dropped)}` : '';
    if (!validated) {
      lines.push(`${strategy.padEnd(16)} tried ${stats.tried}, parsed ${stats.parsed}, candidates ${result.candidates.filter((candidate) => (candidate.metadata?.['synthetic'] as { strategy?: string } | undefined)?.strategy === strategy).length}${dropped} (not validated)`);
      continue;
    }
    const perHour = stats.validationMs > 0 ? ((stats.kept - stats.alreadyWritten) * 3_600_000) / stats.validationMs : 0;
    // A shard walks the whole sequence (tried, parsed) but validates and keeps only its own candidates.
    const walked = shard === undefined || stats.inOtherShards === undefined ? ',' : ` (whole sequence, ${stats.validated + stats.inOtherShards} candidates); ${formatShard(shard)}:`;
    lines.push(
      `${strategy.padEnd(16)} tried ${stats.tried}, parsed ${stats.parsed}${walked} validated ${stats.validated}, changed behaviour ${stats.changedBehaviour}, kept ${stats.kept}${stats.alreadyWritten > 0 ? ` (${stats.alreadyWritten} already written)` : ''}${dropped}`,
      `${''.padEnd(16)} validation ${(stats.validationMs / 1000).toFixed(1)} s, ${stats.msPerKept === null ? 'nothing kept' : `${(stats.msPerKept / 1000).toFixed(1)} s per kept instance, ${perHour.toFixed(1)} kept per hour`}; outcomes ${formatCounts(stats.outcomes as Record<string, number>)}`,
    );
  }
  if (result.reusedSingles > 0) lines.push(`${''.padEnd(16)} combine joined ${result.reusedSingles} procedural bugs already in the output (not validated again)`);
  lines.push(validated ? `written          ${result.written}` : 'written          nothing (--no-validate)');
  return `${lines.join('\n')}\n`;
}

/**
 * Adds `swespot bugs synth <repo> --cutoff YYYY-MM-DD [--strategies procedural,combine,llm-modify,llm-rewrite]
 * [--count N] [--seed S] [--no-validate] [--deps online|offline-debian] [--model PROVIDER:MODEL] --out bugs.jsonl`:
 * synthetic bugs (RCX unit 3) in a snapshot at the cutoff, validated with pr-mirror's validator.
 */
export function registerBugsCommand(program: Command, context: CommandContext): void {
  const bugs = program.command('bugs').description('bug generators (RCX unit 3); `bugs synth` makes synthetic bugs');
  const synth = bugs
    .command('synth')
    .description('synthetic bugs (procedural mutations, combine, model modify/rewrite) in a snapshot at the cutoff, validated in sandboxes as bugfix TaskInstances')
    .argument('<repo>', 'the repository (a clone); it is read only through a snapshot at the cutoff')
    .option('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time (required)')
    .option('--out <file>', 'bugfix TaskInstance JSONL; instances already in it are kept and not validated again (required unless --no-validate)')
    .option('--strategies <list>', `comma-separated, from ${SYNTHETIC_STRATEGIES.join(',')}`, 'procedural,combine')
    .option('--count <n>', 'instances to keep per strategy (default: 30)')
    .option('--seed <n>', 'seed of every choice; the same seed gives byte-identical output (default: 0)')
    .option('--no-validate', 'make and count candidates only, print the yield, write nothing')
    .addOption(new Option('--deps <mode>', 'dependencies of the environment built for validation').choices(['online', 'offline-debian']).default('online'))
    .option('--concurrency <n>', 'candidates validated at once (default: 2)')
    .option('--timeout <seconds>', 'limit of one test run (default: 600)')
    .option('--max-test-files <n>', 'most test files per bug (default: 8)')
    .option('--max-attempts <n>', 'attempts per strategy before giving up (default: 10 x count)')
    .option('--attempts <n>', 'order-free mode: validate every candidate of the first N attempts of each strategy and keep every valid one (no --count cap); needed by --shard')
    .option('--min-pass-to-pass <n>', 'PASS_TO_PASS tests a kept bug needs at least; SWE-smith keeps >= 1 (default: 0)')
    .option('--mutations-per-bug <n>', 'procedural mutations in one bug, never overlapping (default: 1)')
    .option('--environment <file>', 'the build record of `swespot env build --cutoff SAME --out FILE` (default: build one)')
    .option('--snapshot <dir>', 'snapshot folder, reused when it holds the same snapshot (default: .swespot/snapshots/<repo>-<cutoff>)')
    .option('--hotness-since <when>', "hotness window: a date, a number of years before the cutoff, or 'all' (default: 3)")
    .option('--repo-name <owner/name>', "the repository's name in the records (default: from the origin remote, else local/<folder>)")
    .option('--model <provider:model>', 'the model of llm-modify and llm-rewrite (required for them), also writing problem statements')
    .option('--base-url <url>', 'API address of --model (required for vllm, sglang, llama.cpp)')
    .option('--api-key-env <name>', 'environment variable holding the API key of --model')
    .option(...SHARD_OPTION)
    .option('--json', 'print the yield as JSON')
    .option('--no-progress', 'do not report progress on stderr');
  addDockerEnginesOption(synth);
  bindConfigKeys(synth, { '--cutoff': 'cutoff', '--seed': 'seed' });
  synth.action(async (repo: string, options: SynthOptions) => {
    if (options.cutoff === undefined || (options.validate && options.out === undefined)) {
      context.stderr.write(`error: required option '${options.cutoff === undefined ? '--cutoff <date>' : '--out <file>'}' not specified\n`);
      context.setExitCode(2);
      return;
    }
    if (!checkDateOption('--cutoff', options.cutoff, context)) return;
    const strategies = parseStrategies(options.strategies, context);
    if (strategies === undefined) return;
    const count = wholeNumberOption('--count', options.count, 30, 1, context);
    const seed = wholeNumberOption('--seed', options.seed, 0, 0, context);
    const concurrency = wholeNumberOption('--concurrency', options.concurrency, 2, 1, context);
    const timeout = wholeNumberOption('--timeout', options.timeout, 600, 1, context);
    const maxTestFiles = wholeNumberOption('--max-test-files', options.maxTestFiles, 8, 1, context);
    const mutationsPerBug = wholeNumberOption('--mutations-per-bug', options.mutationsPerBug, 1, 1, context);
    const minimumPassToPass = wholeNumberOption('--min-pass-to-pass', options.minPassToPass, 0, 0, context);
    const maxAttempts = options.maxAttempts === undefined ? undefined : wholeNumberOption('--max-attempts', options.maxAttempts, 0, 1, context);
    // Read now, so that an address it cannot read fails before the snapshot and the build.
    const dockerEngines = dockerEnginesSettings(options.dockerHost, context.env);
    const attempts = options.attempts === undefined ? undefined : wholeNumberOption('--attempts', options.attempts, 0, 1, context);
    if ([count, seed, concurrency, timeout, maxTestFiles, mutationsPerBug, minimumPassToPass].includes(undefined) || (options.maxAttempts !== undefined && maxAttempts === undefined) || (options.attempts !== undefined && attempts === undefined)) return;
    const shard = options.shard === undefined ? undefined : shardOf(options.shard, context);
    if (shard === null) return;
    if (shard !== undefined && !checkShardable({ shard, attempts, count: count!, strategies, validate: options.validate, out: options.out }, context)) return;
    const needsModel = strategies.filter((strategy) => strategy === 'llm-modify' || strategy === 'llm-rewrite');
    if (needsModel.length > 0 && options.model === undefined) {
      context.stderr.write(`error: --strategies ${needsModel.join(',')} needs --model PROVIDER:MODEL\n`);
      context.setExitCode(2);
      return;
    }
    const repoName = await repositoryNameOf(resolve(context.cwd, repo), options.repoName);
    const model: ModelV1 | undefined =
      options.model === undefined ? undefined : await createRolloutModel({ model: options.model, baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv } as RolloutOptions, context.env);
    const abort = context.abortSignal ? { abortSignal: context.abortSignal } : {};
    const prepared = await prepareRcxSnapshot({
      repo,
      cutoff: options.cutoff,
      progress: options.progress,
      context,
      ...(options.snapshot === undefined ? {} : { snapshotDirectory: options.snapshot }),
      ...(options.hotnessSince === undefined ? {} : { hotnessSince: options.hotnessSince }),
    });
    closeReader(prepared.git);
    let progress: ProgressReporter | undefined;
    let stage: string | undefined;
    let shardRun: ShardRun | undefined;
    try {
      let validation: Parameters<typeof synthesizeBugs>[0]['validation'];
      if (options.validate) {
        let build: EnvironmentBuild;
        if (options.environment !== undefined) build = await readEnvironmentBuild(options.environment, context);
        else {
          context.stderr.write(`bugs synth: building the environment at ${prepared.snapshot.commit.slice(0, 12)} (dependencies ${options.deps})\n`);
          build = await buildEnvironment({
            recipe: await inferEnvironment(prepared.snapshot.directory),
            snapshotPath: prepared.snapshot.directory,
            dependencies: options.deps,
            ...buildEngineOf(dockerEngines),
            ...(options.progress ? { onProgress: (step: { elapsedMs: number; message: string }) => context.stderr.write(`[${(step.elapsedMs / 1000).toFixed(1).padStart(6)} s] ${step.message}\n`) } : {}),
            ...abort,
          });
        }
        if (!build.usable) context.stderr.write(`warning: the environment is not usable (${build.reasons.join('; ') || 'too few tests pass'}); candidates whose tests cannot run are dropped.\n`);
        const poolSandbox = await dockerSandboxOfEngines(dockerEngines);
        validation = {
          validator: createBugValidator({ environment: build, timeoutSeconds: timeout!, ...(poolSandbox ? { sandbox: poolSandbox } : {}) }),
          environment: build,
          out: resolve(context.cwd, options.out!),
          concurrency: concurrency!,
          minimumPassToPass: minimumPassToPass!,
          ...(model === undefined ? {} : { problemStatementModel: model }),
        };
      }
      const result = await synthesizeBugs({
        snapshotDirectory: prepared.snapshot.directory,
        index: prepared.index,
        repo: repoName,
        snapshot: { commit: prepared.snapshot.commit, cutoff: prepared.snapshot.cutoff },
        strategies,
        count: count!,
        seed: seed!,
        maxTestFiles: maxTestFiles!,
        mutationsPerBug: mutationsPerBug!,
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
        ...(attempts === undefined ? {} : { attempts }),
        ...(shard === undefined ? {} : { shard }),
        // The shard's manifest is written once its candidates are known, before any is validated.
        onPlan: async (plan) => {
          if (shard === undefined || validation === undefined) return;
          shardRun = await startShardRun({ out: validation.out, stage: 'bugs synth', shard, schema: 'TaskInstance', keyField: 'id', selected: plan.selected, total: plan.candidates, unit: `${plan.strategy} candidates`, stderr: context.stderr });
        },
        ...(model === undefined ? {} : { model }),
        ...(validation === undefined ? {} : { validation }),
        onProgress: ({ strategy, kept, count: wanted, checked }) => {
          if (!options.progress || validation === undefined) return;
          if (progress === undefined || stage !== strategy) {
            progress?.stop();
            progress = createProgressReporter({ label: checked === undefined ? `${strategy} kept` : `${strategy} validated`, total: wanted, stream: context.stderr });
            stage = strategy;
          }
          progress.update(checked ?? kept);
        },
        ...abort,
      });
      progress?.stop();
      // Complete only when the whole shard ran: a throw (a failed validation run) or an abort leaves it `running`, so merge refuses it until re-run.
      await shardRun?.finish(!context.abortSignal?.aborted);
      if (options.json === true) {
        context.stdout.write(`${JSON.stringify({ repo: repoName, commit: prepared.snapshot.commit, cutoff: prepared.snapshot.cutoff, seed, strategies, validated: options.validate, out: validation?.out ?? null, ...(attempts === undefined ? {} : { attempts }), ...(shard === undefined ? {} : { shard }), targets: result.targets, written: result.written, reusedSingles: result.reusedSingles, durationMs: result.durationMs, yields: result.yields }, null, 2)}\n`);
      } else {
        const mode = attempts === undefined ? '' : `, first ${attempts} attempts${shard === undefined ? '' : `, ${formatShard(shard)}`}`;
        context.stdout.write(`bugs synth ${repoName} at ${prepared.snapshot.cutoff} (snapshot ${prepared.snapshot.commit.slice(0, 12)}, seed ${seed}${mode})\n${formatSynthYields(result, options.validate, shard)}`);
      }
    } finally {
      progress?.stop();
    }
  });
}

/** The parsed `--shard`, or null (with the error written) when it is not a valid I/N. */
function shardOf(text: string, context: CommandContext): ShardSpec | null {
  try {
    return parseShardOption(text);
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    context.stderr.write(`error: ${error.message}\n`);
    context.setExitCode(2);
    return null;
  }
}

/**
 * Whether `bugs synth` can run as a shard, else false with the reason and the fix written:
 * `--attempts` (a count of kept bugs is a sequential stopping rule the shards cannot share),
 * validation with `--out`, procedural only (combine needs every shard's bugs; the model
 * strategies would call the model for every attempt in every shard).
 */
function checkShardable(options: { shard: ShardSpec; attempts: number | undefined; count: number; strategies: readonly SyntheticStrategy[]; validate: boolean; out: string | undefined }, context: CommandContext): boolean {
  const { shard, attempts } = options;
  const problem =
    attempts === undefined
      ? `--shard needs --attempts A (e.g. --attempts ${Math.max(20, options.count * 10)}, about 10 x --count): with --count, when a strategy stops depends on every earlier validation, so shards could not split the run; with --attempts every shard validates its part of the candidates of the first A attempts`
      : !options.validate
        ? '--shard cannot run with --no-validate: a shard validates and writes its part of the candidates'
        : options.strategies.includes('combine')
          ? `--shard cannot run combine: combine joins the run's kept bugs and a shard holds only its part of them. Run --strategies procedural with --shard, merge the shards (swespot merge DIR --out merged.jsonl), then run combine unsharded on the merged file: swespot bugs synth REPO --strategies combine --attempts ${attempts} --out merged.jsonl (same --cutoff and --seed); it re-uses the merged records and validates only the combined bugs`
          : options.strategies.some((strategy) => strategy !== 'procedural')
            ? `--shard runs --strategies procedural only: ${options.strategies.filter((strategy) => strategy !== 'procedural').join(',')} would call the model for every attempt in every shard, and its replies differ run to run, so the shards would not agree on the candidates; run them unsharded`
            : undefined;
  if (problem === undefined) return true;
  context.stderr.write(`error: ${formatShard(shard)}: ${problem}\n`);
  context.setExitCode(2);
  return false;
}

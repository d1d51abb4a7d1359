import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatShard, InvalidArgumentError, selectShard, taskInstanceSchema, writeShardManifest, trajectorySchema, ValidationError, type TaskInstance, type Trajectory } from '@swespot/core';
import type { Command } from 'commander';
import { contenderIssue, evalRunOptionsSchema, type EvalRunOptions } from '../eval/eval-run-options-schema';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { createRolloutModel } from '../rollout/create-rollout-model';
import { flagOf, type RolloutOptions } from '../rollout/rollout-options-schema';
import { addDockerEnginesOption, dockerEnginesSettings } from '../sandbox/docker-engines-option';
import { SHARD_OPTION } from '../shard/shard-run';
import type { CommandContext } from './command-context';
import { ttsIssue } from '../eval/eval-tts-options-schema';
import { addVerifierOptions, registerEvalTtsCommand, scoreRunTestTimeScaling } from './eval-tts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The benchmark task of a data file from its folder name (SWE-Spot's eval/data/<task>/<repo>.jsonl), else `fallback`. */
function taskOfFile(file: string, fallback: EvalRunOptions['task']): EvalRunOptions['task'] {
  const folder = basename(dirname(file));
  return (['sbv', 'tdd', 'fea', 'qa'] as const).find((task) => task === folder) ?? fallback;
}

/** Training records (TaskInstance or Trajectory lines) for the leakage check. */
async function readTraining(files: readonly string[]): Promise<{ tasks: TaskInstance[]; trajectories: Trajectory[] }> {
  const tasks: TaskInstance[] = [];
  const trajectories: Trajectory[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        throw new InvalidArgumentError({ argument: 'training', message: `--training: ${file}:${index + 1} is not JSON (${(error as Error).message}).` });
      }
      if ('steps' in record) trajectories.push(trajectorySchema.parse(record));
      else {
        const parsed = taskInstanceSchema.safeParse(record);
        if (!parsed.success) throw new InvalidArgumentError({ argument: 'training', message: `--training: ${file}:${index + 1} is neither a TaskInstance nor a Trajectory: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
        tasks.push(parsed.data);
      }
    });
  }
  return { tasks, trajectories };
}

/**
 * Adds `swespot eval run` (the Repository-Centric Evaluation of a model, or of fixed
 * predictions, on one benchmark task, resumable) and `swespot eval report DIR`.
 */
export function registerEvalCommand(program: Command, context: CommandContext): void {
  const evaluation = program.command('eval').description('Repository-Centric Evaluation: run a model (or predictions) on SWE-bench Verified, TDD-Bench, FEA-Bench or SWE-QA rows, and report');
  const run = addVerifierOptions(evaluation.command('run'), false)
    .option('--tts <k>', 'test-time scaling: K rollouts per instance (instead of --runs) and --verifier picks one; the report gains pass@1, TTS@k and oracle pass@k per k')
    .description('evaluate a model through the bash agent, or fixed predictions, on benchmark rows (resumable)')
    .requiredOption('--task <task>', 'sbv (SWE-bench Verified), tdd (TDD-Bench-Verified), fea (FEA-Bench), qa (SWE-QA) or tasks (TaskInstance records)')
    .option('--data <file>', 'benchmark JSONL file (repeat for several)', collect)
    .option('--references <file>', 'SWE-QA reference answers {question, answer} (default: reference/<name> beside each data file)', collect)
    .option('--rank-data <file>', 'more benchmark files counted when ranking repositories for --top-repos (task from the folder name), not evaluated', collect)
    .option('--cutoff <date>', 'keep instances created after this date (YYYY-MM-DD: after the end of that day, UTC)')
    .option('--top-repos <k>', 'keep the k repositories with the most post-cutoff instances (over --data and --rank-data)')
    .option('--training <file>', 'training tasks or trajectories JSONL checked for leakage (repeat)', collect)
    .option('--allow-leakage', 'evaluate even when training records share an instance, PR or commit with the evaluation set')
    .option('--model <provider:model>', 'the model, through the bash agent, e.g. vllm:Qwen/Qwen3-4B-Instruct-2507')
    .option('--predictions <gold|empty|file>', 'grade fixed predictions instead: gold (the harness self-check: must resolve), empty (must not), or a preds.json / JSONL file')
    .option('--base-url <url>', "the model's OpenAI-compatible address (required for vllm, sglang, llama.cpp)")
    .option('--api-key-env <name>', 'environment variable holding the API key')
    .option('--judge <provider:model>', 'the LLM judge of QA answers, e.g. openai:gpt-5.2')
    .option('--judge-base-url <url>', "the judge's address")
    .option('--judge-api-key-env <name>', "environment variable holding the judge's API key")
    .option('--judge-samples <n>', 'judge samples per answer (default: 3)')
    .option('--runs <n>', 'runs per instance (default: 3; fixed predictions run once)')
    .option('--concurrency <n>', 'agent runs at once (default: 4)')
    .option('--grade-concurrency <n>', 'gradings at once (default: 2)')
    .option('--image-map <file>', 'JSON {instance id or owner/name: image} of SWE-bench-style images (repository at /testbed)')
    .option('--repos <dir>', 'folder of local clones (name or name.git) to build environments from when no image exists')
    .option('--deps <mode>', 'dependencies of built environments: offline-debian (Debian packages) or online (default: offline-debian)')
    .option('--step-limit <n>', 'model calls per run (default: 64)')
    .option('--context-limit <tokens>', 'context limit (default: 48000)')
    .option('--command-timeout <seconds>', 'limit of one command (default: 60)')
    .option('--temperature <t>', 'sampling temperature (default: 1.0)')
    .option('--top-p <p>', 'nucleus sampling (default: 0.8)')
    .option('--top-k <k>', 'top-k sampling (default: 20)')
    .option('--repetition-penalty <r>', 'repetition penalty (default: 1.05)')
    .option('--limit <n>', 'evaluate only the first n instances (after the protocol)')
    .option(...SHARD_OPTION)
    .requiredOption('--out <dir>', 'the run folder (resumed when it exists)');
  addDockerEnginesOption(run)
    .action(async (rawOptions: Record<string, unknown>) => {
      const parsed = evalRunOptionsSchema.safeParse({ ...rawOptions, data: rawOptions.data ?? [] });
      const contender = contenderIssue(rawOptions);
      const tts = ttsIssue(rawOptions);
      if (!parsed.success || contender !== undefined || tts !== undefined) {
        if (contender !== undefined) context.stderr.write(`--model: ${contender}\n`);
        if (tts !== undefined) context.stderr.write(`--tts: ${tts}\n`);
        for (const issue of parsed.error?.issues ?? []) context.stderr.write(`${flagOf(String(issue.path[0] ?? 'options'))}: ${issue.message}\n`);
        context.setExitCode(1);
        return;
      }
      try {
        await runEval(parsed.data, context);
      } catch (error) {
        const eval_ = await import('@swespot/eval');
        if (!InvalidArgumentError.isInstance(error) && !ValidationError.isInstance(error) && !eval_.LeakageError.isInstance(error)) throw error;
        context.stderr.write(`${(error as Error).message}\n`);
        context.setExitCode(1);
      }
    });
  evaluation
    .command('report')
    .description('write report.json, report.md and report.html (self-contained, with charts) for a run folder')
    .argument('<dir>', 'the run folder of swespot eval run')
    .action(async (dir: string) => {
      const { writeEvaluationReport } = await import('@swespot/eval');
      const out = resolve(context.cwd, dir);
      try {
        const summary = await writeEvaluationReport(out);
        printSummary(summary, context);
        context.stdout.write(`report: ${join(dir, 'report.md')}, ${join(dir, 'report.html')}, ${join(dir, 'report.json')}\n`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !ValidationError.isInstance(error)) throw error;
        context.stderr.write(`${dir}: not an evaluation run folder (${(error as Error).message})\n`);
        context.setExitCode(1);
      }
    });
  registerEvalTtsCommand(evaluation, context);
}

function printSummary(summary: import('@swespot/eval').EvaluationSummary, context: CommandContext): void {
  for (const cell of summary.cells.filter((item) => item.repo === 'all')) {
    const figure = cell.metric === 'resolved' ? `resolved ${cell.resolvedPerRun.join(' / ')} of ${cell.instances} per run, pass@1 ${(cell.pass1.mean * 100).toFixed(1)}%` : `judge score ${cell.pass1.mean.toFixed(1)} of 100`;
    context.stdout.write(`${cell.model} ${cell.task}: ${figure}\n`);
  }
}

async function runEval(options: EvalRunOptions, context: CommandContext): Promise<void> {
  const evaluation = await import('@swespot/eval');
  const here = (file: string) => resolve(context.cwd, file);
  const loaded = await evaluation.loadBenchmark({ task: options.task, files: options.data.map(here), ...(options.references ? { references: options.references.map(here) } : {}) });
  for (const problem of loaded.problems) context.stderr.write(`${problem.file}:${problem.line}: ${problem.field || '(row)'}: ${problem.message}\n`);
  let instances = loaded.instances;
  context.stderr.write(`loaded ${instances.length} ${options.task} instances from ${options.data.length} file(s)${loaded.problems.length ? `; ${loaded.problems.length} problem(s) above` : ''}\n`);
  if (options.cutoff !== undefined) {
    const selection = evaluation.selectPostCutoff(instances, { cutoff: options.cutoff });
    context.stderr.write(`cutoff ${selection.cutoff}: ${selection.kept.length} kept, ${selection.beforeCutoff.length} created before it, ${selection.undated.length} undated (kept)\n`);
    instances = selection.kept;
  }
  if (options.topRepos !== undefined) {
    const ranked = [...instances];
    for (const file of options.rankData ?? []) ranked.push(...(await evaluation.loadBenchmark({ task: taskOfFile(file, options.task), files: [here(file)] })).instances);
    const ranks = evaluation.rankRepositories(ranked, options.cutoff ? { cutoff: options.cutoff } : {}).slice(0, options.topRepos);
    const chosen = new Set(ranks.map((rank) => rank.repo));
    instances = instances.filter((instance) => chosen.has(instance.repo));
    context.stderr.write(`top ${options.topRepos} repositories: ${ranks.map((rank) => `${rank.repo} (${rank.postCutoff})`).join(', ')}\n`);
  }
  if (options.training !== undefined) {
    const training = await readTraining(options.training.map(here));
    const leaks = evaluation.checkLeakage({ evaluation: instances, trainingTasks: training.tasks, trainingTrajectories: training.trajectories });
    if (leaks.length > 0 && !options.allowLeakage) throw new evaluation.LeakageError({ leaks });
    context.stderr.write(`leakage check: ${training.tasks.length} training tasks, ${training.trajectories.length} trajectories, ${leaks.length} overlap(s)${leaks.length ? ' (allowed by --allow-leakage)' : ''}\n`);
  }
  const unsharded = instances.length;
  if (options.shard !== undefined) {
    instances = selectShard(instances, options.shard, (instance) => instance.id);
    context.stderr.write(`${formatShard(options.shard)}: ${instances.length} of ${unsharded} instances\n`);
  }
  if (options.limit !== undefined) instances = instances.slice(0, options.limit);

  const imageMap = options.imageMap === undefined ? undefined : (JSON.parse(await readFile(here(options.imageMap), 'utf8')) as Record<string, string>);
  const repositories: Record<string, string> = {};
  if (options.repos !== undefined) {
    const names = await readdir(here(options.repos));
    for (const repo of new Set(instances.map((instance) => instance.repo))) {
      const name = repo.split('/')[1]!;
      const found = names.find((entry) => entry === name || entry === `${name}.git`);
      if (found) repositories[repo] = join(here(options.repos), found);
    }
  }
  const { createDockerSandbox } = await import('@swespot/repo-sandbox/docker');
  const sandbox = createDockerSandbox(dockerEnginesSettings(options.dockerHost, context.env));
  const modelOptions = (model: string, baseUrl?: string, apiKeyEnv?: string) => ({ model, ...(baseUrl ? { baseUrl } : {}), ...(apiKeyEnv ? { apiKeyEnv } : {}) }) as RolloutOptions;
  const contender: import('@swespot/eval').EvaluationContender =
    options.model !== undefined
      ? {
          type: 'agent',
          agent: evaluation.createEvaluationAgent(await createRolloutModel(modelOptions(options.model, options.baseUrl, options.apiKeyEnv), context.env), {
            stepLimit: options.stepLimit,
            contextLimitTokens: options.contextLimit,
            commandTimeoutMs: options.commandTimeout * 1000,
            sampling: { temperature: options.temperature, topP: options.topP, topK: options.topK, repetitionPenalty: options.repetitionPenalty },
          }),
        }
      : { type: 'predictions', source: options.predictions === 'gold' || options.predictions === 'empty' ? options.predictions : { file: here(options.predictions!) } };
  const judge = options.judge === undefined ? undefined : await createRolloutModel(modelOptions(options.judge, options.judgeBaseUrl, options.judgeApiKeyEnv), context.env);
  const out = here(options.out);
  const bars = new Map<string, ProgressReporter>();
  const run = await evaluation.runEvaluation({
    out,
    instances,
    contenders: [contender],
    runs: options.tts ?? options.runs,
    concurrency: options.concurrency,
    gradeConcurrency: options.gradeConcurrency,
    sandbox,
    resolveEnvironment: evaluation.createEnvironmentResolver({
      ...(imageMap ? { imageMap } : {}),
      repositories,
      workDirectory: join(out, '.environments'),
      dependencies: options.deps,
      onBuildProgress: (id, progress) => bars.get('environments')?.log(`${id}: ${progress.message}`),
    }),
    ...(judge ? { judge } : {}),
    judgeSamples: options.judgeSamples,
    onProgress: (progress) => {
      const key = `${progress.phase}${progress.model ? ` ${progress.model}` : ''}`;
      let bar = bars.get(progress.phase === 'environments' ? 'environments' : key);
      if (bar === undefined || (progress.done === 0 && progress.total >= 0)) {
        bar?.stop();
        bar = createProgressReporter({ label: key, total: Math.max(progress.total, 0), stream: context.stderr });
        bars.set(progress.phase === 'environments' ? 'environments' : key, bar);
      }
      if (progress.total >= 0 && progress.total !== bar.total) bar.setTotal(progress.total);
      if (progress.done > 0) bar.update(progress.done);
      if (progress.message) bar.log(progress.message);
    },
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  for (const bar of bars.values()) bar.stop();
  if (options.tts !== undefined) await scoreRunTestTimeScaling(out, { ...options, verifier: options.verifier!, k: options.tts }, context);
  const summary = await evaluation.writeEvaluationReport(out);
  const missing = Object.entries(run.environments).filter(([, environment]) => environment.error !== undefined);
  for (const [key, environment] of missing) context.stderr.write(`no environment for ${key}: ${environment.error?.split('\n')[0]}\n`);
  printSummary(summary, context);
  context.stdout.write(`run folder: ${options.out} (report.md, report.html, report.json)\n`);
  const failures = run.contenders.reduce((sum, item) => sum + item.gradingFailures.length + item.rolloutFailures, 0);
  if (options.shard !== undefined) await writeEvalShardManifest(out, options.shard, instances.length, failures === 0 && missing.length === 0 && !context.abortSignal?.aborted);
  if (failures > 0 || missing.length > 0) context.setExitCode(1);
}

/**
 * The manifest of an eval shard, `<out>/results.shard.json`, naming the run's one
 * `<task>/<contender>/results.jsonl` (EvalResult records, keyed by taskId) for `swespot merge`.
 * Written when the run ends: complete without failures, else running (re-run the shard).
 */
async function writeEvalShardManifest(out: string, shard: import('@swespot/core').ShardSpec, selected: number, succeeded: boolean): Promise<void> {
  const found: string[] = [];
  for (const task of await readdir(out, { withFileTypes: true })) {
    if (!task.isDirectory() || task.name.startsWith('.')) continue;
    for (const contender of await readdir(join(out, task.name), { withFileTypes: true })) {
      const file = join(out, task.name, contender.name, 'results.jsonl');
      if (contender.isDirectory() && (await stat(file).catch(() => undefined)) !== undefined) found.push(file);
    }
  }
  if (found.length === 0) {
    // An empty shard (or one whose every attempt failed) still says so, with an empty records file.
    found.push(join(out, 'results.jsonl'));
    await writeFile(found[0]!, '', { flag: 'a' });
  }
  if (found.length !== 1) {
    throw new InvalidArgumentError({ argument: '--shard', message: `--shard: the run folder ${out} holds ${found.length} results.jsonl files (one task and one model per sharded run are expected); use a fresh --out per shard.` });
  }
  await writeShardManifest({ out: found[0]!, manifestPath: join(out, 'results.shard.json'), stage: 'eval run', shard, schema: 'EvalResult', keyField: 'taskId', selected, status: succeeded ? 'complete' : 'running' });
}

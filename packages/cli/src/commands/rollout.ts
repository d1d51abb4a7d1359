import { resolve } from 'node:path';
import { createBashAgent, runRollouts } from '@swespot/agent';
import { InvalidArgumentError, readJsonlToArray, selectShard, taskInstanceSchema, ValidationError } from '@swespot/core';
import type { Command } from 'commander';
import { createProgressReporter } from '../progress/create-progress-reporter';
import { createRolloutModel } from '../rollout/create-rollout-model';
import { createRolloutSandbox } from '../rollout/create-rollout-sandbox';
import { prepareRolloutSession } from '../rollout/prepare-rollout-session';
import { flagOf, rolloutOptionsSchema } from '../rollout/rollout-options-schema';
import { bindConfigKeys } from '../config/config-backed-options';
import { addDockerEnginesOption } from '../sandbox/docker-engines-option';
import { SHARD_OPTION, startShardRun } from '../shard/shard-run';
import type { CommandContext } from './command-context';

/**
 * Adds `swespot rollout <tasks.jsonl> --model PROVIDER:MODEL --out trajectories.jsonl`:
 * runs the bash agent on every task (`--runs K` times each, `--concurrency N` at once), one
 * sandbox session per run, and appends one Trajectory per finished run to `--out`
 * (resumable: runs already there are skipped). A log per run goes to `--log-dir` (default:
 * `--out` with `.logs` for `.jsonl`). A FIM task's session gets its holes put into the file
 * before the agent starts (`prepareFimWorkspace`), so the agent never sees the removed code;
 * a bugfix or test-repro task's session gets its `bugPatch`, so the agent sees the buggy code.
 * Exit code 1 when a flag or task is invalid or a run failed.
 */
export function registerRolloutCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('rollout')
    .description('run the bash agent on tasks in sandboxes and write trajectories (resumable)')
    .argument('<tasks>', 'tasks JSONL file (TaskInstance records)')
    .option('--model <provider:model>', 'e.g. vllm:Qwen/Qwen3-4B-Instruct-2507, openai:gpt-5-mini, anthropic:claude-sonnet-4-5, google:gemini-2.5-flash (providers: openai, vllm, sglang, llama.cpp, anthropic, google)')
    .option('--base-url <url>', 'API address; for vllm, sglang and llama.cpp (required) the OpenAI-compatible one ending in /v1')
    .option('--api-key-env <name>', 'environment variable holding the API key (default: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY)')
    .requiredOption('--out <file>', 'trajectories JSONL file to append to')
    .option('--runs <k>', 'runs per task, ids <task id>__run-<r> (default: 1)')
    .option('--concurrency <n>', 'runs at once (default: 4)')
    .option('--sandbox <name>', 'docker, bubblewrap or local (local needs --unsafe) (default: docker)')
    .option('--image <image>', "container image for every run (default: each task's environment.image)")
    .option('--workspace <dir>', 'host folder copied into each session as the workspace (default: the image\'s own)')
    .option('--log-dir <dir>', 'folder of the per-run logs (default: --out with .logs for .jsonl)')
    .option('--step-limit <n>', 'model calls per run (default: 64)')
    .option('--context-limit <tokens>', 'context limit in tokens (default: 48000)')
    .option('--cost-limit <usd>', 'stop a run once its calls cost this many US dollars (default: none)')
    .option('--command-timeout <seconds>', 'time limit of one command (default: 60)')
    .option('--max-consecutive-timeouts <n>', "end a run after this many commands in a row time out, or 'Infinity' to never (default: 3)")
    .option('--temperature <t>', 'sampling temperature (default: the provider\'s)')
    .option('--top-p <p>', 'nucleus sampling mass')
    .option('--top-k <k>', 'top-k sampling (vLLM, SGLang)')
    .option('--repetition-penalty <r>', 'repetition penalty (vLLM, SGLang)')
    .option('--max-output-tokens <n>', 'most tokens per reply')
    .option('--seed <n>', 'sampling seed; run r uses seed + r')
    .option('--unsafe', 'allow --sandbox local, which runs the agent\'s commands on this machine without isolation')
    .option('--write-errored', 'also write runs that ended in a model or sandbox error (default: leave them out so a rerun retries them)')
    .option(...SHARD_OPTION);
  addDockerEnginesOption(command);
  const sampling = (name: string) => `teacher.sampling.${name}`;
  bindConfigKeys(command, {
    // The teacher writes the trajectories: `provider:model` from the config's teacher.
    '--model': { key: 'teacher', read: ({ config, has }) => (has('teacher') ? `${config.teacher.provider}:${config.teacher.model}` : undefined) },
    '--base-url': 'teacher.baseUrl',
    '--api-key-env': 'teacher.apiKeyEnv',
    '--temperature': sampling('temperature'),
    '--top-p': sampling('topP'),
    '--top-k': sampling('topK'),
    '--repetition-penalty': sampling('repetitionPenalty'),
    '--max-output-tokens': sampling('maxOutputTokens'),
    '--seed': 'seed',
    '--concurrency': 'concurrency',
    '--sandbox': 'sandbox.provider',
  }).action(async (tasksFile: string, rawOptions: Record<string, unknown>) => {
    if (rawOptions.model === undefined) {
      // A usage error, like a missing required option: the model may also come from the config's teacher.
      context.stderr.write("error: required option '--model <provider:model>' not specified (or set teacher in swespot.config.json)\n");
      context.setExitCode(2);
      return;
    }
    const parsed = rolloutOptionsSchema.safeParse(rawOptions);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        context.stderr.write(`${flagOf(String(issue.path[0] ?? 'options'))}: ${issue.message}\n`);
      }
      context.setExitCode(1);
      return;
    }
    const options = parsed.data;
    try {
      // The model first: a missing API key is said before any task is read or sandbox started.
      const model = await createRolloutModel(options, context.env);
      const file = resolve(context.cwd, tasksFile);
      const allTasks = await readJsonlToArray(file, { schema: taskInstanceSchema, schemaName: 'TaskInstance', abortSignal: context.abortSignal });
      const tasks = selectShard(allTasks, options.shard, (task) => task.id);
      const sandbox = await createRolloutSandbox(options, context.env);
      const agent = createBashAgent({
        model,
        stepLimit: options.stepLimit,
        contextLimitTokens: options.contextLimit,
        ...(options.costLimit === undefined ? {} : { costLimitUsd: options.costLimit }),
        commandTimeoutMs: options.commandTimeout * 1000,
        maxConsecutiveCommandTimeouts: options.maxConsecutiveTimeouts,
        sampling: {
          ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
          ...(options.topP === undefined ? {} : { topP: options.topP }),
          ...(options.topK === undefined ? {} : { topK: options.topK }),
          ...(options.repetitionPenalty === undefined ? {} : { repetitionPenalty: options.repetitionPenalty }),
          ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        },
      });
      const workspace = options.workspace === undefined ? undefined : resolve(context.cwd, options.workspace);
      const out = resolve(context.cwd, options.out);
      const shardRun = await startShardRun({ out, stage: 'rollout', shard: options.shard, schema: 'Trajectory', keyField: 'taskId', selected: tasks.length, total: allTasks.length, stderr: context.stderr });
      let progress: ReturnType<typeof createProgressReporter> | undefined;
      const summary = await runRollouts({
        tasks,
        agent,
        sandbox,
        out,
        runs: options.runs,
        concurrency: options.concurrency,
        ...(options.logDir === undefined ? {} : { logDirectory: resolve(context.cwd, options.logDir) }),
        ...(options.writeErrored ? { writeErrored: true } : {}),
        sessionOptions: (task, run) => {
          // Images only mean something to backends that run containers (the local and bubblewrap ones refuse them).
          const image = sandbox.capabilities.containerImages ? (options.image ?? task.environment.image) : undefined;
          return {
            ...(image === undefined ? {} : { image }),
            ...(workspace === undefined ? {} : { workspace: { hostPath: workspace, mode: 'copy' as const } }),
            labels: { 'swespot.task-id': task.id, 'swespot.run': String(run) },
          };
        },
        prepareSession: prepareRolloutSession,
        onPlan: ({ scheduled, skipped }) => {
          if (skipped > 0) context.stderr.write(`${skipped} runs already in ${options.out}; skipping them\n`);
          progress = createProgressReporter({ label: 'rollouts', total: scheduled, stream: context.stderr });
        },
        onRunEnd: (result) => {
          if (result.error !== undefined) progress?.log(`${result.trajectoryId}: ${result.error} (log: ${result.logFile})`);
          progress?.increment();
        },
        ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
      });
      progress?.stop();
      await shardRun.finish(summary.failed === 0 && summary.notStarted === 0 && !context.abortSignal?.aborted);
      const outcomes = Object.entries(summary.outcomes)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ');
      context.stdout.write(
        `${summary.written} trajectories written to ${options.out}${outcomes ? ` (${outcomes})` : ''}; ` +
          `${summary.skipped} skipped, ${summary.failed} failed, ${summary.notStarted} not started; logs in ${summary.logDirectory}\n`,
      );
      if (summary.failed > 0) context.setExitCode(1);
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error) && !ValidationError.isInstance(error)) throw error;
      context.stderr.write(`${error.message}\n`);
      context.setExitCode(1);
    }
  });
}

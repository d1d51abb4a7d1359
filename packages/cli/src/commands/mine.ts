import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, mineUnitNameSchema, parseShardOption, SwespotError, type MineStageSummary, type MineSummary, type MineUnitName } from '@swespot/core';
import { Option, type Command } from 'commander';
import { bindConfigKeys } from '../config/config-backed-options';
import { checkDockerEngine } from '../doctor/check-docker-engine';
import { MineRunFolder } from '../mine/mine-run-folder';
import { addDockerEnginesOption, dockerEnginesSettings, type DockerEngineAddress } from '../sandbox/docker-engines-option';
import { MINE_UNITS, runMine } from '../mine/run-mine';
import { formatMineClosing } from '../mine/write-mine-summary';
import { wholeNumberOption } from '../rcx/rcx-option-checks';
import { SHARD_OPTION } from '../shard/shard-run';
import { checkDateOption } from './check-date-option';
import type { CommandContext } from './command-context';

interface MineFlags {
  cutoff?: string;
  units: string;
  sandbox: 'auto' | 'docker' | 'bubblewrap';
  deps?: 'online' | 'offline-debian';
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  teacher?: string;
  teacherBaseUrl?: string;
  teacherApiKeyEnv?: string;
  seed?: string;
  count?: string;
  concurrency?: string;
  synthAttempts?: string;
  shard?: string;
  dockerHost?: DockerEngineAddress[];
  repoName?: string;
  out: string;
  json?: boolean;
  progress: boolean;
}

/** Most tasks per unit when mining the built-in sample repository without --count. */
const SAMPLE_COUNT = 10;

/** `auto`: Docker when an engine answers, else bubblewrap. */
async function resolveSandbox(choice: MineFlags['sandbox'], context: CommandContext): Promise<'docker' | 'bubblewrap'> {
  if (choice !== 'auto') return choice;
  const docker = await checkDockerEngine({ env: context.env, timeoutMs: 5000, ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
  return docker.status === 'ok' ? 'docker' : 'bubblewrap';
}

function parseUnits(text: string): MineUnitName[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const units: MineUnitName[] = [];
  for (const name of names) {
    const parsed = mineUnitNameSchema.safeParse(name);
    if (!parsed.success) throw new InvalidArgumentError({ argument: 'units', message: `--units: unknown unit ${JSON.stringify(name)}; the units are ${MINE_UNITS.join(', ')}.` });
    if (!units.includes(parsed.data)) units.push(parsed.data);
  }
  if (units.length === 0) throw new InvalidArgumentError({ argument: 'units', message: `--units: name at least one of ${MINE_UNITS.join(', ')}.` });
  return MINE_UNITS.filter((unit) => units.includes(unit));
}

/**
 * Adds `swespot mine [repo] --cutoff YYYY-MM-DD [--units design,fim,mirror,synth,repro]
 * [--sandbox auto|docker|bubblewrap] [--deps online|offline-debian] [--model PROVIDER:MODEL]
 * [--teacher PROVIDER:MODEL] [--seed S] [--count N] --out DIR`: the whole pipeline into one
 * resumable run folder with a summary. With no repository it generates the built-in sample
 * repository (tinyshop) in the run folder and mines it at its cutoff (2024-06-01).
 * `--shard I/N` runs shard I of every unit (with `--synth-attempts A` when synth is one) and
 * writes a manifest beside each unit file, so `swespot merge` joins N shard folders into the
 * unsharded run's tasks.
 */
export function registerMineCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('mine')
    .description('mine a repository end to end into one run folder: snapshot, index, environment, every RCX unit, (with --teacher) rollouts and the ms-swift dataset, and a summary')
    .argument('[repo]', 'the repository (a clone); default: the built-in sample repository, generated into the run folder')
    .option('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC); default for the sample repository: 2024-06-01 (required otherwise)')
    .option('--units <list>', 'the RCX units to produce, comma-separated', MINE_UNITS.join(','))
    .addOption(new Option('--sandbox <name>', 'where tests and agents run; auto: Docker when an engine answers, else bubblewrap').choices(['auto', 'docker', 'bubblewrap']).default('auto'))
    .addOption(new Option('--deps <mode>', 'where Python dependencies come from when the environment is built (default: offline-debian for the sample repository, else online)').choices(['online', 'offline-debian']))
    .option('--model <provider:model>', 'a model for the generators (FIM instructions); default: none (templates)')
    .option('--base-url <url>', 'API address of --model (required for vllm, sglang, llama.cpp)')
    .option('--api-key-env <name>', 'environment variable holding the API key of --model')
    .option('--teacher <provider:model>', 'the teacher that rolls out on every task; then the ms-swift dataset is exported (default: none)')
    .option('--teacher-base-url <url>', 'API address of --teacher')
    .option('--teacher-api-key-env <name>', 'environment variable holding the API key of --teacher')
    .option('--seed <n>', 'seed of every choice (default: 0)')
    .option('--count <n>', `most tasks per unit (default: 2048, as in the paper; ${SAMPLE_COUNT} for the built-in sample repository)`)
    .option('--concurrency <n>', 'teacher runs at once (default: 4)')
    .option('--synth-attempts <n>', 'synth: validate every procedural mutation among the first N attempts and keep each valid one, instead of stopping at --count kept (order-free, so shards can split it; combine then runs with `swespot bugs synth` on the merged bugs) (default: stop at --count)')
    .option(...SHARD_OPTION)
    .option('--repo-name <owner/name>', "the repository's name in the records (default: from the origin remote, else local/<folder>)")
    .requiredOption('--out <dir>', 'the run folder; a run killed at any point resumes when run again with the same options')
    .option('--json', 'print summary.json instead of the closing lines')
    .option('--no-progress', 'no progress bars on stderr');
  bindConfigKeys(command, {
    '--cutoff': 'cutoff',
    '--seed': 'seed',
    '--concurrency': 'concurrency',
    // swespot.config.json may say `local`, which mine does not run (no isolation for a whole pipeline).
    '--sandbox': { key: 'sandbox.provider', read: ({ config, has }) => (has('sandbox.provider') && config.sandbox.provider !== 'local' ? config.sandbox.provider : undefined) },
    '--teacher': { key: 'teacher', read: ({ config, has }) => (has('teacher') ? `${config.teacher.provider}:${config.teacher.model}` : undefined) },
    '--teacher-base-url': 'teacher.baseUrl',
    '--teacher-api-key-env': 'teacher.apiKeyEnv',
  });
  // The teacher's sessions spread over the pool; the environment is built and validated on the default engine.
  addDockerEnginesOption(command);
  command.action(async (repo: string | undefined, flags: MineFlags) => {
    try {
      const sample = repo === undefined;
      if (!sample && flags.cutoff === undefined) {
        context.stderr.write("error: required option '--cutoff <date>' not specified (it is optional only for the built-in sample repository)\n");
        context.setExitCode(2);
        return;
      }
      if (flags.cutoff !== undefined && !checkDateOption('--cutoff', flags.cutoff, context)) return;
      const seed = wholeNumberOption('--seed', flags.seed, 0, 0, context);
      // The sample repository is small: 10 per unit is all it has for most units, and keeps the README's command to minutes.
      const count = wholeNumberOption('--count', flags.count, sample ? SAMPLE_COUNT : 2048, 1, context);
      const concurrency = wholeNumberOption('--concurrency', flags.concurrency, 4, 1, context);
      const synthAttempts = flags.synthAttempts === undefined ? undefined : wholeNumberOption('--synth-attempts', flags.synthAttempts, 0, 1, context);
      if ([seed, count, concurrency].includes(undefined) || (flags.synthAttempts !== undefined && synthAttempts === undefined)) return;
      const shard = flags.shard === undefined ? undefined : parseShardOption(flags.shard);
      const units = parseUnits(flags.units);
      if (shard !== undefined && units.includes('synth') && synthAttempts === undefined) {
        throw new InvalidArgumentError({
          argument: '--synth-attempts',
          message: `--shard with the synth unit needs --synth-attempts N: stopping at --count kept bugs is sequential (which bugs count depends on every earlier validation), so shards split a fixed budget of attempts instead, e.g. --synth-attempts ${10 * count!}; or leave synth out of --units.`,
        });
      }
      const dockerEngines = dockerEnginesSettings(flags.dockerHost, context.env);
      const out = resolve(context.cwd, flags.out);
      const existing = await stat(out).catch(() => undefined);
      if (existing !== undefined && !existing.isDirectory()) throw new InvalidArgumentError({ argument: 'out', message: `--out: ${out} is a file; give a folder for the run.` });
      await mkdir(out, { recursive: true });
      const folder = new MineRunFolder(out);
      const sandbox = await resolveSandbox(flags.sandbox, context);
      const { SAMPLE_REPOSITORY_CUTOFF } = await import('@swespot/repo-sandbox/sample');
      const cutoff = flags.cutoff ?? SAMPLE_REPOSITORY_CUTOFF;
      const dependencies = flags.deps ?? (sample ? 'offline-debian' : 'online');
      const state = await folder.claim({
        schemaVersion: 1,
        repository: sample ? 'sample' : resolve(context.cwd, repo!),
        cutoff,
        units,
        seed: seed!,
        count: count!,
        dependencies,
        sandbox,
        model: flags.model ?? null,
        teacher: flags.teacher ?? null,
        ...(shard === undefined ? {} : { shard: `${shard.index}/${shard.count}` }),
        ...(synthAttempts === undefined ? {} : { synthAttempts }),
      });
      context.stderr.write(`mine: ${state === 'resumed' ? 'resuming the run in' : 'new run in'} ${out} (sandbox ${sandbox}${flags.sandbox === 'auto' ? ', auto' : ''}, dependencies ${dependencies})\n`);
      const extraStages: MineStageSummary[] = [];
      let repository = sample ? folder.path('sample') : resolve(context.cwd, repo!);
      if (sample) {
        const marker = await folder.marker('sample');
        if (marker === undefined) {
          const started = Date.now();
          const { createSampleRepository } = await import('@swespot/repo-sandbox/sample');
          const { rm } = await import('node:fs/promises');
          // A sample folder without a marker is from a run killed while writing it: make it again.
          await rm(repository, { recursive: true, force: true });
          const made = await createSampleRepository({ directory: repository, ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
          const stage: MineStageSummary = {
            name: 'sample',
            status: 'done',
            durationMs: Date.now() - started,
            counts: { pullRequests: made.pullRequests.length, bugFixes: made.pullRequests.filter((pullRequest) => pullRequest.type === 'bugfix').length, beforeCutoff: made.pullRequests.filter((pullRequest) => pullRequest.beforeCutoff).length },
          };
          await folder.mark({ stage });
          extraStages.push(stage);
          context.stderr.write(`mine: sample: tinyshop with ${made.pullRequests.length} merged pull requests written to ${repository}\n`);
        } else {
          extraStages.push(marker.stage);
        }
        repository = folder.path('sample');
      }
      await runMine(
        folder,
        {
          repo: repository,
          sample,
          ...(flags.repoName === undefined ? {} : { repoName: flags.repoName }),
          cutoff,
          units,
          sandbox,
          dependencies,
          seed: seed!,
          count: count!,
          concurrency: concurrency!,
          ...(shard === undefined ? {} : { shard }),
          ...(synthAttempts === undefined ? {} : { synthAttempts }),
          dockerEngines,
          progress: flags.progress,
          ...(flags.model === undefined ? {} : { model: flags.model }),
          ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
          ...(flags.apiKeyEnv === undefined ? {} : { apiKeyEnv: flags.apiKeyEnv }),
          ...(flags.teacher === undefined ? {} : { teacher: flags.teacher }),
          ...(flags.teacherBaseUrl === undefined ? {} : { teacherBaseUrl: flags.teacherBaseUrl }),
          ...(flags.teacherApiKeyEnv === undefined ? {} : { teacherApiKeyEnv: flags.teacherApiKeyEnv }),
        },
        context,
        extraStages,
      );
      const summary = (await folder.readJson('summary.json')) as MineSummary;
      context.stdout.write(flags.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatMineClosing(summary, flags.out));
      if (summary.stages.some((stage) => stage.status === 'failed')) context.setExitCode(1);
    } catch (error) {
      if (!SwespotError.isInstance(error)) throw error;
      context.stderr.write(`mine: ${error.message}\n`);
      context.setExitCode(InvalidArgumentError.isInstance(error) ? 2 : 1);
    }
  });
}

import { resolve } from 'node:path';
import { InvalidArgumentError, parseShardOption, type EnvironmentBuild, type ModelV1, type SandboxProviderV1, type ShardSpec } from '@swespot/core';
import {
  createBugValidator,
  enrichPullRequests,
  prepareMirrorCandidates,
  SELECTION_PRESETS,
  validateBugCandidates,
  type BugValidationSummary,
  type MirrorFunnel,
  type RunBugTests,
} from '@swespot/pr-mirror';
import { buildEnvironment, inferEnvironment, runEnvironmentTests } from '@swespot/repo-sandbox';
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
import { SHARD_OPTION, startShardRun } from '../shard/shard-run';
import { addDockerEnginesOption, buildEngineOf, dockerEnginesSettings, dockerSandboxOfEngines, type DockerEngineAddress } from '../sandbox/docker-engines-option';

interface MirrorOptions {
  cutoff?: string;
  out?: string;
  preset: 'relaxed' | 'strict';
  limit?: string;
  seed?: string;
  validate: boolean;
  deps: 'online' | 'offline-debian';
  sandbox: 'docker' | 'bubblewrap';
  concurrency?: string;
  timeout?: string;
  maxTestFiles?: string;
  environment?: string;
  snapshot?: string;
  repoName?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  github?: boolean;
  githubTokenEnv: string;
  githubApiUrl?: string;
  githubCache?: string;
  json?: boolean;
  progress: boolean;
  shard?: string;
  dockerHost?: DockerEngineAddress[];
}

/** The funnel as lines for a person. */
export function formatMirrorFunnel(funnel: MirrorFunnel, preset: string, validation: (BugValidationSummary & { concurrency: number; out: string }) | undefined): string {
  const lines = [
    `commits          ${funnel.commits} first-parent (${funnel.commitsWithoutPullRequest} from no pull request)`,
    `mined            ${funnel.mined} pull requests`,
    `removed by       ${formatCounts(Object.fromEntries(Object.entries(funnel.removedBy).filter(([, count]) => count > 0))) }`,
    `kept (${preset})${' '.repeat(Math.max(1, 10 - preset.length))}${funnel.kept}`,
    `sampled          ${funnel.sampled}${funnel.shard === undefined ? '' : ` (shard ${funnel.shard.index} of ${funnel.shard.count}: ${funnel.shard.selected})`}`,
    `mirrored         ${funnel.mirroredDirectly} directly, ${funnel.mirroredByModel} by model, ${funnel.mirrorFailed} failed`,
    ...funnel.failures.slice(0, 5).map((failure) => `  #${failure.prNumber}: ${failure.reason}`),
    ...(funnel.failures.length > 5 ? [`  ... and ${funnel.failures.length - 5} more`] : []),
    `without tests    ${funnel.withoutTests}`,
  ];
  if (validation !== undefined) {
    const { valid = 0, ...dropped } = validation.outcomes;
    const validated = Object.values(validation.outcomes).reduce((sum, count) => sum + (count ?? 0), 0);
    const minutes = validation.durationMs / 60_000;
    lines.push(
      `validated        ${valid} kept of ${validated}${validation.skipped > 0 ? ` (${validation.skipped} already in the output)` : ''}`,
      `dropped          ${formatCounts(dropped as Record<string, number>)}`,
      `throughput       ${minutes > 0 ? (validated / minutes).toFixed(2) : '0'} candidates/minute at concurrency ${validation.concurrency} (${(validation.durationMs / 1000).toFixed(1)} s)`,
      `out              ${validation.out} (${validation.written} written)`,
    );
  } else lines.push('validated        (--no-validate: nothing written)');
  return `${lines.join('\n')}\n`;
}

/**
 * Adds `swespot mirror <repo> --cutoff YYYY-MM-DD --out bugs.jsonl` (RCX unit 3, Evolutionary
 * Replay): the merged PRs before the cutoff mined from a snapshot, selected (`--preset relaxed`
 * or `strict`, SWE-smith's), `--limit` of them sampled for `--seed`, mirrored back onto the
 * snapshot (3-way merge, else `--model`), their tests found, and validated in the environment
 * at the cutoff (built, or `--environment FILE`) under `--concurrency`; kept bugs are written
 * as `bugfix` TaskInstances (resumable). Prints the funnel. `--github` (with a token) adds PR
 * bodies and linked issue text from the GitHub REST API before selection. `--shard I/N`
 * mirrors and validates only the sampled PRs whose instance id hashes to shard I (after
 * selection and the `--limit`/`--seed` sample, so N shards together are the unsharded run)
 * and writes a shard manifest beside `--out` for `swespot merge`.
 */
export function registerMirrorCommand(program: Command, context: CommandContext): void {
  const mirror = program
    .command('mirror')
    .description('bugs mirrored from the repository\'s merged pull requests (RCX unit 3), validated in sandboxes')
    .argument('<repo>', 'the repository (a clone); it is read only through a snapshot at the cutoff')
    .option('--cutoff <date>', 'knowledge cutoff, YYYY-MM-DD (00:00 UTC) or an ISO date-time (required)')
    .option('--out <file>', 'bugfix TaskInstance JSONL; instances already in it are skipped (required unless --no-validate)')
    .addOption(new Option('--preset <name>', 'selection: relaxed (the paper) or strict (SWE-smith)').choices(['relaxed', 'strict']).default('relaxed'))
    .option('--limit <n>', 'mirror only N of the selected pull requests, sampled for the seed (default: all)')
    .option('--seed <n>', 'seed of the sample (default: 0)')
    .option('--no-validate', 'mine, select and mirror only, print the funnel, write nothing')
    .addOption(new Option('--deps <mode>', 'dependencies of the environment built for validation').choices(['online', 'offline-debian']).default('online'))
    .addOption(new Option('--sandbox <name>', 'where tests run: docker (the environment image) or bubblewrap (host Python over a copy of the snapshot)').choices(['docker', 'bubblewrap']).default('docker'))
    .option('--concurrency <n>', 'candidates validated at once (default: 2)')
    .option('--timeout <seconds>', 'limit of one test run (default: 600)')
    .option('--max-test-files <n>', 'most test files per bug (default: 8)')
    .option('--environment <file>', 'the build record of `swespot env build --cutoff SAME --out FILE` (default: build one)')
    .option('--snapshot <dir>', 'snapshot folder, reused when it holds the same snapshot (default: .swespot/snapshots/<repo>-<cutoff>)')
    .option('--repo-name <owner/name>', "the repository's name in the records (default: from the origin remote, else local/<folder>)")
    .option('--model <provider:model>', 'undo pull requests that no longer reverse-apply, and write problem statements, with this model')
    .option('--base-url <url>', 'API address of --model (required for vllm, sglang, llama.cpp)')
    .option('--api-key-env <name>', 'environment variable holding the API key of --model')
    .option('--github', 'read PR bodies and the issues they close from the GitHub REST API (cached; offline without it)')
    .option('--github-token-env <name>', 'environment variable holding the GitHub token of --github', 'GITHUB_TOKEN')
    .option('--github-api-url <url>', 'GitHub REST API root of --github (default: https://api.github.com)')
    .option('--github-cache <dir>', 'where --github keeps answers (default: .swespot/github-cache)')
    .option(...SHARD_OPTION)
    .option('--json', 'print the funnel as JSON')
    .option('--no-progress', 'do not report progress on stderr');
  addDockerEnginesOption(mirror);
  bindConfigKeys(mirror, { '--cutoff': 'cutoff', '--seed': 'seed' });
  mirror.action(async (repo: string, options: MirrorOptions) => {
    if (options.cutoff === undefined || (options.validate && options.out === undefined)) {
      context.stderr.write(`error: required option '${options.cutoff === undefined ? '--cutoff <date>' : '--out <file>'}' not specified\n`);
      context.setExitCode(2);
      return;
    }
    if (!checkDateOption('--cutoff', options.cutoff, context)) return;
    const limit = options.limit === undefined ? undefined : wholeNumberOption('--limit', options.limit, 0, 1, context);
    const seed = wholeNumberOption('--seed', options.seed, 0, 0, context);
    const concurrency = wholeNumberOption('--concurrency', options.concurrency, 2, 1, context);
    const timeout = wholeNumberOption('--timeout', options.timeout, 600, 1, context);
    const maxTestFiles = wholeNumberOption('--max-test-files', options.maxTestFiles, 8, 1, context);
    if ((options.limit !== undefined && limit === undefined) || [seed, concurrency, timeout, maxTestFiles].includes(undefined)) return;
    let shard: ShardSpec | undefined;
    try {
      shard = options.shard === undefined ? undefined : parseShardOption(options.shard);
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error)) throw error;
      context.stderr.write(`${error.message}\n`);
      context.setExitCode(1);
      return;
    }
    // Read now, so that an address it cannot read fails before mining and building.
    const dockerEngines = dockerEnginesSettings(options.dockerHost, context.env);
    const repoName = await repositoryNameOf(resolve(context.cwd, repo), options.repoName);
    const githubToken = options.github === true ? context.env[options.githubTokenEnv] : undefined;
    if (options.github === true && (githubToken ?? '') === '') {
      context.stderr.write(`error: --github: no token in the environment variable ${options.githubTokenEnv}; set it, or name another with --github-token-env.\n`);
      context.setExitCode(2);
      return;
    }
    const model: ModelV1 | undefined =
      options.model === undefined ? undefined : await createRolloutModel({ model: options.model, baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv } as RolloutOptions, context.env);
    const abort = context.abortSignal ? { abortSignal: context.abortSignal } : {};
    const prepared = await prepareRcxSnapshot({ repo, cutoff: options.cutoff, progress: options.progress, context, ...(options.snapshot === undefined ? {} : { snapshotDirectory: options.snapshot }) });
    closeReader(prepared.git);
    if (prepared.info.history !== 'truncated') {
      context.stderr.write('mirror: the snapshot has no history (its audit failed with the history kept), so there are no pull requests to mirror.\n');
      context.setExitCode(1);
      return;
    }
    let progress: ProgressReporter | undefined;
    let stage: string | undefined;
    const report = (label: string, done: number, total: number) => {
      if (!options.progress) return;
      if (progress === undefined || stage !== label) {
        progress?.stop();
        progress = createProgressReporter({ label, total, stream: context.stderr });
        stage = label;
      }
      progress.update(done);
    };
    try {
      const { candidates, funnel } = await prepareMirrorCandidates({
        snapshotDirectory: prepared.snapshot.directory,
        repo: repoName,
        cutoff: prepared.snapshot.cutoff,
        settings: SELECTION_PRESETS[options.preset],
        index: prepared.index,
        seed: seed!,
        maxTestFiles: maxTestFiles!,
        ...(limit === undefined ? {} : { limit }),
        ...(shard === undefined ? {} : { shard }),
        ...(model === undefined ? {} : { model }),
        ...(githubToken === undefined
          ? {}
          : {
              enrich: (pullRequests) =>
                enrichPullRequests({
                  pullRequests,
                  repo: repoName,
                  token: githubToken,
                  cutoff: prepared.snapshot.cutoff,
                  cacheDirectory: resolve(context.cwd, options.githubCache ?? '.swespot/github-cache'),
                  ...(options.githubApiUrl === undefined ? {} : { apiUrl: options.githubApiUrl }),
                  onRateLimit: (waitMs) => context.stderr.write(`mirror: GitHub rate limit, waiting ${Math.ceil(waitMs / 1000)} s\n`),
                  onProgress: (done, total) => report('GitHub PRs', done, total),
                  ...abort,
                }),
            }),
        onProgress: ({ stage: step, done, total }) => {
          if (step === 'mirror') report('mirror PRs', done, total);
        },
        ...abort,
      });
      progress?.stop();
      progress = undefined;
      let validation: (BugValidationSummary & { concurrency: number; out: string }) | undefined;
      let shardStatus: 'complete' | 'running' | undefined;
      if (options.validate) {
        let build: EnvironmentBuild;
        if (options.environment !== undefined) build = await readEnvironmentBuild(options.environment, context);
        else {
          context.stderr.write(`mirror: building the environment at ${prepared.snapshot.commit.slice(0, 12)} (dependencies ${options.deps})\n`);
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
        let sandbox: SandboxProviderV1 | undefined;
        let runTests: RunBugTests | undefined;
        if (options.sandbox === 'docker') {
          // Without --docker-host, the validator's default: the engine of DOCKER_HOST or the local socket.
          sandbox = await dockerSandboxOfEngines(dockerEngines);
        } else if (options.sandbox === 'bubblewrap') {
          const { createBubblewrapSandbox } = await import('@swespot/repo-sandbox/bubblewrap');
          sandbox = createBubblewrapSandbox();
          runTests = (request) =>
            runEnvironmentTests({
              environment: { image: build.environment.image ?? 'host', workingDirectory: build.environment.workingDirectory },
              testSpec: build.testSpec,
              selection: request.selection,
              workspace: prepared.snapshot.directory,
              timeoutSeconds: request.timeoutSeconds,
              taskId: request.taskId,
              sandbox: sandbox!,
              ...(request.patch === undefined ? {} : { patch: request.patch }),
              ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
            });
        }
        const out = resolve(context.cwd, options.out!);
        // The shard's work is its sampled PRs (mirrored above, which writes nothing); its records are bugfix TaskInstances whose id is the key.
        const shardRun = await startShardRun({ out, stage: 'mirror', shard, schema: 'TaskInstance', keyField: 'id', selected: funnel.shard?.selected ?? funnel.sampled, total: funnel.sampled, unit: 'sampled pull requests', stderr: context.stderr });
        const validator = createBugValidator({ environment: build, timeoutSeconds: timeout!, ...(runTests ? { runTests } : sandbox ? { sandbox } : {}) });
        const summary = await validateBugCandidates({
          candidates,
          validator,
          environment: build,
          out,
          concurrency: concurrency!,
          ...(model === undefined ? {} : { model }),
          onProgress: ({ done, total }) => report('validate bugs', done, total),
          ...abort,
        });
        (progress as ProgressReporter | undefined)?.stop();
        validation = { ...summary, concurrency: concurrency!, out };
        const validated = Object.values(summary.outcomes).reduce((sum, count) => sum + (count ?? 0), 0) + summary.skipped;
        shardStatus = validated === candidates.length && !context.abortSignal?.aborted ? 'complete' : 'running';
        await shardRun.finish(shardStatus === 'complete');
      }
      if (options.json === true) {
        context.stdout.write(`${JSON.stringify({ repo: repoName, commit: prepared.snapshot.commit, preset: options.preset, ...(funnel.shard === undefined ? {} : { shard: { ...funnel.shard, sampled: funnel.sampled, ...(shardStatus === undefined ? {} : { status: shardStatus }) } }), funnel, ...(validation ? { validation: { out: validation.out, written: validation.written, skipped: validation.skipped, outcomes: validation.outcomes, durationMs: validation.durationMs, concurrency: validation.concurrency, dropped: validation.dropped.map((item) => ({ id: item.candidateId, status: item.status, reason: item.reason })) } } : {}) }, null, 2)}\n`);
      } else {
        context.stdout.write(`mirror ${repoName} at ${prepared.snapshot.cutoff} (snapshot ${prepared.snapshot.commit.slice(0, 12)})\n${formatMirrorFunnel(funnel, options.preset, validation)}`);
      }
    } finally {
      progress?.stop();
    }
  });
}

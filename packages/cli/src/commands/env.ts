import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  environmentRecipeSchema,
  InvalidConfigError,
  SwespotError,
  type EnvironmentBuild,
  type EnvironmentOverrides,
  type EnvironmentRecipe,
} from '@swespot/core';
import { buildEnvironment, createSnapshot, inferEnvironment, loadEnvironmentOverrides } from '@swespot/repo-sandbox';
import { Option, type Command } from 'commander';
import { bindConfigKeys, type ConfigBinding } from '../config/config-backed-options';
import { describeFileSystemError } from '../describe-file-system-error';
import { checkDateOption } from './check-date-option';
import { dockerConnectionOf } from './sandbox';
import type { CommandContext } from './command-context';

interface SnapshotFlags {
  cutoff?: string;
  commit?: string;
  overrides?: string;
}

interface InferFlags extends SnapshotFlags {
  out?: string;
  json?: boolean;
}

interface BuildFlags extends SnapshotFlags {
  deps: 'online' | 'offline-debian';
  dockerHost?: string;
  recipe?: string;
  out?: string;
  minPassRate: string;
  verbose?: boolean;
  json?: boolean;
}

function fail(context: CommandContext, message: string, code = 2): void {
  context.stderr.write(`env: ${message}\n`);
  context.setExitCode(code);
}

/**
 * The folder to read: the repository itself, or (with --cutoff / --commit) a fresh snapshot
 * of it in a temporary folder, removed by `cleanup`.
 */
async function snapshotFolder(repo: string, flags: SnapshotFlags, context: CommandContext): Promise<{ folder: string; cleanup: () => Promise<void>; label: string } | undefined> {
  const path = resolve(context.cwd, repo);
  if (!(await stat(path).then((stats) => stats.isDirectory(), () => false))) {
    fail(context, `no such folder: ${repo}`);
    return undefined;
  }
  if (flags.cutoff === undefined && flags.commit === undefined) return { folder: path, cleanup: async () => undefined, label: path };
  if (flags.cutoff !== undefined && !checkDateOption('--cutoff', flags.cutoff, context)) return undefined;
  const parent = await mkdtemp(join(tmpdir(), 'swespot-env-snapshot-'));
  const cleanup = () => rm(parent, { recursive: true, force: true });
  try {
    const snapshot = await createSnapshot({
      repo: path,
      into: join(parent, 'snapshot'),
      history: 'none',
      ...(flags.cutoff === undefined ? {} : { cutoff: flags.cutoff }),
      ...(flags.commit === undefined ? {} : { commit: flags.commit }),
      ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
    });
    return { folder: snapshot.directory, cleanup, label: `${path} at ${snapshot.sourceCommit.slice(0, 12)} (${snapshot.committedAt})` };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function overridesFor(repo: string, flags: SnapshotFlags, context: CommandContext): Promise<{ overrides?: EnvironmentOverrides; overridesFile?: string }> {
  const loaded = await loadEnvironmentOverrides(flags.overrides ? { path: resolve(context.cwd, flags.overrides) } : { repository: resolve(context.cwd, repo) });
  return loaded ? { overrides: loaded.overrides, overridesFile: loaded.file } : {};
}

/** The recipe as lines `field: value  <- file (key)`, for a person. */
export function formatRecipe(recipe: EnvironmentRecipe): string {
  const origin = (field: string) => {
    const source = recipe.origins[field];
    return source ? `  <- ${source.file}${source.key ? ` (${source.key})` : ''}` : '';
  };
  const lines = [
    `language         ${recipe.language}${recipe.languageVersion ? ` ${recipe.languageVersion}` : ''}${origin('languageVersion') || origin('language')}`,
    `base image       ${recipe.base}${origin('base')}`,
    `package manager  ${recipe.packageManager}${origin('packageManager')}`,
    `system packages  ${recipe.systemPackages.join(' ') || '(none)'}${origin('systemPackages')}`,
    `dependencies     ${recipe.dependencies.length}${origin('dependencies').startsWith('  <- (each') ? '' : origin('dependencies')}`,
    ...recipe.dependencies.map((dependency) => `  ${dependency.group.padEnd(8)} ${dependency.name}${dependency.specifier}${dependency.marker ? ` ; ${dependency.marker}` : ''}  <- ${dependency.source.file}${dependency.source.key ? ` (${dependency.source.key})` : ''}`),
    ...(recipe.dependencyFiles.length ? [`dependency files ${recipe.dependencyFiles.join(' ')}`] : []),
    ...(recipe.dependencyCommands.length ? [`install deps     ${recipe.dependencyCommands.join(' && ')}${origin('dependencyCommands')}`] : []),
    `install project  ${recipe.projectInstall.join(' && ') || '(nothing to install)'}${origin('projectInstall')}`,
    `test framework   ${recipe.test.framework}${origin('test.framework')}`,
    `test command     ${recipe.test.command}${origin('test.command')}`,
    `whole suite      ${recipe.test.suite.length ? recipe.test.suite.join(' ') : '(the runner finds them)'}${origin('test.suite')}`,
    `files read       ${recipe.sources.filter((source) => source.sha256 !== null && !source.path.endsWith('/')).map((source) => source.path).join(' ')}`,
    ...recipe.notes.map((note) => `note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

function formatBuild(build: EnvironmentBuild): string {
  const tests = build.baseline?.tests ?? [];
  const count = (status: string) => tests.filter((test) => test.status === status).length;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `environment ${build.usable ? 'usable' : 'NOT usable'}: ${build.environment.image}`,
    `baseline    ${count('passed')} passed, ${count('failed')} failed, ${count('error')} errors, ${count('skipped')} skipped, ${count('xfail')} xfailed${build.passRate === null ? '' : ` (pass rate ${(build.passRate * 100).toFixed(1)}%, asked ${(build.minimumPassRate * 100).toFixed(0)}%)`}`,
    `time        build ${seconds(build.timings.buildMs)}, tests ${seconds(build.timings.testMs)} (last baseline run ${seconds(build.baseline?.durationMs ?? 0)})`,
    `project     ${build.projectInstalled}; Debian packages: ${build.debianPackages.join(' ') || '(none)'}`,
    ...build.unsatisfied.map((item) => `unsatisfied ${item.name}: ${item.reason}`),
    ...build.attempts.map((attempt) => `retried     added ${attempt.added.join(', ')} after: ${attempt.reason}`),
    ...build.reasons.map((reason) => `why         ${reason}`),
    '',
  ].join('\n');
}

/**
 * Adds `swespot env infer <repo> [--cutoff YYYY-MM-DD | --commit SHA] [--out recipe.json]`
 * (prints the recipe with the source of each field) and `swespot env build <repo> [--cutoff
 * ... | --commit ...] [--deps online|offline-debian] [--recipe FILE] [--out build.json]`
 * (builds and verifies the environment, with progress on stderr, and prints the baseline).
 * Overrides come from `--overrides FILE`, else `swespot.env.json` or the `environment`
 * section of `swespot.config.json` in the repository. `swespot.config.json` (or `--config`) in
 * the working directory feeds `--cutoff` (cutoff), `--overrides` (its environment section),
 * `--deps` (deps) and `--docker-host` (sandbox.dockerHost); the command line wins. Exit codes:
 * 0 done (and usable), 1 not usable or failed, 2 bad input.
 */
export function registerEnvCommand(program: Command, context: CommandContext): void {
  const env = program.command('env').description('infer, build and verify the environment in which a repository\'s tests run');
  const snapshotOptions = (command: Command) =>
    command
      .argument('<repo>', 'the repository (a clone, or a snapshot folder without --cutoff/--commit)')
      .option('--cutoff <date>', 'use a snapshot of the repository at this knowledge cutoff (YYYY-MM-DD)')
      .option('--commit <sha>', 'use a snapshot of the repository at this commit')
      .option('--overrides <file>', 'recipe overrides (default: swespot.env.json or the environment section of swespot.config.json in the repository)');

  // The config file's environment section holds overrides: the file is then the --overrides file.
  const overridesBinding: ConfigBinding = { key: 'environment', read: ({ file, has }) => (has('environment') ? file : undefined) };
  const infer = snapshotOptions(env.command('infer').description('print the environment recipe inferred from the repository\'s files, with the source of each field'))
    .option('--out <file>', 'also write the recipe as JSON')
    .option('--json', 'print the recipe as JSON instead');
  bindConfigKeys(infer, { '--cutoff': 'cutoff', '--overrides': overridesBinding }).action(async (repo: string, flags: InferFlags) => {
      try {
        const snapshot = await snapshotFolder(repo, flags, context);
        if (!snapshot) return;
        try {
          const recipe = await inferEnvironment(snapshot.folder, await overridesFor(repo, flags, context));
          if (flags.out) await writeFile(resolve(context.cwd, flags.out), `${JSON.stringify(recipe, null, 2)}\n`);
          context.stdout.write(flags.json ? `${JSON.stringify(recipe, null, 2)}\n` : `recipe of ${snapshot.label}\n${formatRecipe(recipe)}`);
        } finally {
          await snapshot.cleanup();
        }
      } catch (error) {
        fail(context, SwespotError.isInstance(error) ? error.message : (describeFileSystemError(error) ?? String(error)), InvalidConfigError.isInstance(error) ? 2 : 1);
      }
    });

  const build = snapshotOptions(env.command('build').description('build the environment image, run the whole suite once and print the baseline'))
    .addOption(new Option('--deps <mode>', 'where dependencies come from at build time').choices(['online', 'offline-debian']).default('online'))
    .option('--recipe <file>', 'build this recipe (JSON, e.g. from env infer --out) instead of inferring one')
    .option('--out <file>', 'write the build record (recipe, images, baseline report) as JSON')
    .option('--min-pass-rate <share>', 'share of tests that must pass for the environment to be usable', '0.9')
    .option('--verbose', 'print the build logs on stderr')
    .option('--json', 'print the build record as JSON instead of the summary')
    .option('--docker-host <url>', 'Docker engine, unix:///path or tcp://host:port (default: DOCKER_HOST, then the local socket)');
  bindConfigKeys(build, { '--cutoff': 'cutoff', '--overrides': overridesBinding, '--deps': 'deps', '--docker-host': 'sandbox.dockerHost' }).action(async (repo: string, flags: BuildFlags) => {
      const minimumPassRate = Number(flags.minPassRate);
      if (!(minimumPassRate >= 0 && minimumPassRate <= 1)) return fail(context, `--min-pass-rate: expected a share from 0 to 1, got ${flags.minPassRate}`);
      const docker = flags.dockerHost === undefined ? undefined : dockerConnectionOf(flags.dockerHost);
      if (typeof docker === 'string') return fail(context, docker);
      try {
        let given: EnvironmentRecipe | undefined;
        if (flags.recipe) {
          const file = resolve(context.cwd, flags.recipe);
          const parsed = environmentRecipeSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
          if (!parsed.success) {
            for (const issue of parsed.error.issues) context.stderr.write(`${flags.recipe}: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
            return context.setExitCode(2);
          }
          given = parsed.data;
        }
        const snapshot = await snapshotFolder(repo, flags, context);
        if (!snapshot) return;
        try {
          const recipe = given ?? (await inferEnvironment(snapshot.folder, await overridesFor(repo, flags, context)));
          context.stderr.write(`env build: ${snapshot.label}, ${recipe.language} with ${recipe.test.framework}, dependencies ${flags.deps}\n`);
          const build = await buildEnvironment({
            recipe,
            snapshotPath: snapshot.folder,
            dependencies: flags.deps,
            minimumPassRate,
            ...(docker === undefined ? {} : { docker }),
            onProgress: (progress) => context.stderr.write(`[${(progress.elapsedMs / 1000).toFixed(1).padStart(6)} s] ${progress.message}\n`),
            ...(flags.verbose ? { onLog: (line: string) => context.stderr.write(`  | ${line}\n`) } : {}),
            ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
          });
          if (flags.out) await writeFile(resolve(context.cwd, flags.out), `${JSON.stringify(build, null, 2)}\n`);
          context.stdout.write(flags.json ? `${JSON.stringify(build, null, 2)}\n` : formatBuild(build));
          context.setExitCode(build.usable ? 0 : 1);
        } finally {
          await snapshot.cleanup();
        }
      } catch (error) {
        fail(context, SwespotError.isInstance(error) ? error.message : (describeFileSystemError(error) ?? (error instanceof SyntaxError ? `${flags.recipe}: not JSON (${error.message})` : String(error))), InvalidConfigError.isInstance(error) || error instanceof SyntaxError ? 2 : 1);
      }
    });
}

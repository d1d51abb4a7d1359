import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  environmentBuildSchema,
  SandboxCommandError,
  stableId,
  type DependencyMode,
  type EnvironmentBuild,
  type EnvironmentRecipe,
  type RecipeDependency,
  type TestReport,
  type TestSelection,
  type TestSpec,
} from '@swespot/core';
import type { DockerConnectionSettings } from '../docker/docker-connection';
import { shellQuote } from '../test-run/render-test-command';
import { EnvironmentBuildError, type EnvironmentBuildStep } from './environment-build-error';
import { DH_PYTHON_FALLBACK_PATH, mapToDebianPackages, parseDhPythonFallback, type DebianPythonIndex } from './map-debian-packages';
import { normaliseDistributionName } from './parse-requirement';
import { diagnoseCollectionErrors } from './pytest-plugins';
import { ENVIRONMENT_WORKDIR } from './infer-python-recipe';
import { runSpecInExecutor, SNAPSHOT_FILES_PATH, type EnvironmentTestRun } from './run-environment-tests';

/** One step of {@link buildEnvironment}, for a progress display. */
export interface EnvironmentBuildProgress {
  readonly step: EnvironmentBuildStep | 'retry' | 'done';
  /** One line for a person, e.g. `dependencies: 14 Debian packages`. */
  readonly message: string;
  /** Milliseconds since the build started. */
  readonly elapsedMs: number;
}

/** Options of {@link buildEnvironment}. */
export interface BuildEnvironmentOptions {
  /** The recipe (from `inferEnvironment`, with overrides applied). */
  readonly recipe: EnvironmentRecipe;
  /** The snapshot folder the image holds at its working directory. */
  readonly snapshotPath: string;
  /**
   * Where dependencies come from at image-build time: `online` (pip, npm, pnpm, yarn from
   * their registries) or `offline-debian` (Python dependencies as Debian's `python3-*`
   * packages from the apt mirror; npm packages still from the npm registry). Default: `online`.
   */
  readonly dependencies?: DependencyMode;
  /** Share of passing tests (of passed, failed and errors) the baseline needs to be usable. Default: 0.9. */
  readonly minimumPassRate?: number;
  /** pip's index for `online` (a PEP 503 simple index), given to pip in the build only. Default: `PIP_INDEX_URL`, then pip's own. */
  readonly pipIndexUrl?: string;
  /** The npm registry. Default: `NPM_CONFIG_REGISTRY`, then npm's own. */
  readonly npmRegistry?: string;
  /**
   * Docker network mode of the build containers that install dependencies (tests always run
   * with `--network none`). Default: `SWESPOT_BUILD_NETWORK`, else `bridge` when the engine has
   * a bridge network and `host` when it has none (`dockerd --bridge=none`).
   */
  readonly buildNetworkMode?: string;
  /** The shared base image to start from. Default: `buildBaseImage({ flavor: recipe.base })` (built once per machine). */
  readonly baseImage?: string;
  /**
   * Certificate authorities (PEM files) the install steps must trust besides Debian's, e.g. a
   * proxy's. They are used by pip and npm in the build only and removed before the layer is
   * committed. Default: the CAs this machine added locally (`/usr/local/share/ca-certificates/*.crt`).
   */
  readonly extraCaCertificates?: readonly string[];
  /** How many times a pytest collection error may add a plugin or module and rebuild. Default: 2. */
  readonly maxRetries?: number;
  /** Limit of each install command, in milliseconds. Default: 1 800 000. */
  readonly commandTimeoutMs?: number;
  readonly docker?: DockerConnectionSettings;
  /** Called at each step. */
  readonly onProgress?: (progress: EnvironmentBuildProgress) => void;
  /** Receives the build logs, line by line. */
  readonly onLog?: (line: string) => void;
  readonly abortSignal?: AbortSignal;
}

/** The Docker parts, loaded on first use so that importing the package does not load dockerode. */
async function dockerParts() {
  const [{ createDockerSandbox }, { createDockerClient }, { buildBaseImage }, { buildRepositoryImage }] = await Promise.all([
    import('../docker/create-docker-sandbox'),
    import('../docker/docker-connection'),
    import('../images/build-base-image'),
    import('../images/build-repository-image'),
  ]);
  return { createDockerSandbox, createDockerClient, buildBaseImage, buildRepositoryImage };
}

/** Where Debian keeps the certificate authorities a machine added locally. */
const LOCAL_CA_FOLDER = '/usr/local/share/ca-certificates';
/** Where the extra authorities sit in the dependency build (relative to the working directory), removed before commit. */
const CA_FOLDER = '.swespot-ca';

const debianIndexes = new Map<string, Promise<DebianPythonIndex>>();

/** The pytest plugin that ends the process right after pytest's own end, so a suite that hangs at exit (threads, atexit) still finishes. */
const PYTEST_EXIT_PLUGIN = `"""swespot: end pytest right after its summary and report, with its exit status."""
import os
import sys

import pytest

_status = None


def pytest_sessionfinish(session, exitstatus):
    global _status
    _status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if _status is not None and os.environ.get("SWESPOT_PYTEST_EXIT", "1") == "1" and not hasattr(config, "workerinput"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_status)
`;

/** The `-p` option that loads {@link PYTEST_EXIT_PLUGIN} (installed in every Python environment image). */
export const PYTEST_EXIT_OPTION = '-p swespot_pytest_exit';

async function detectNetworkMode(docker: DockerConnectionSettings | undefined): Promise<string> {
  const configured = process.env.SWESPOT_BUILD_NETWORK;
  if (configured) return configured;
  const { createDockerClient } = await dockerParts();
  const networks = await createDockerClient(docker).listNetworks();
  return networks.some((network) => network.Name === 'bridge') ? 'bridge' : 'host';
}

function requirementText(dependency: RecipeDependency): string {
  return `${dependency.name}${dependency.specifier}${dependency.marker ? `; ${dependency.marker}` : ''}`;
}

/** `apt-get install` of packages, one by one when all together fail; what still fails is written to a list in the image. */
function aptInstallCommand(packages: readonly string[]): string {
  const words = packages.map(shellQuote).join(' ');
  const install = 'apt-get install -y -q --no-install-recommends';
  return [
    `${install} ${words} || { apt-get update -q && ${install} ${words}; } ||`,
    `for package in ${words}; do ${install} "$package" || echo "$package" >> /etc/swespot/unsatisfied; done`,
  ].join(' ');
}

function pipInstallCommand(requirements: readonly string[]): string {
  const words = requirements.map(shellQuote).join(' ');
  const install = 'python3 -m pip install --break-system-packages --no-input --disable-pip-version-check -q';
  return `${install} ${words} || for requirement in ${words}; do ${install} "$requirement" || echo "$requirement" >> /etc/swespot/unsatisfied; done`;
}

async function readDebianIndex(image: string, docker: DockerConnectionSettings | undefined): Promise<DebianPythonIndex> {
  const { createDockerSandbox } = await dockerParts();
  const session = await createDockerSandbox({ docker, reapOrphans: false }).createSession({ image });
  try {
    const fallback = await session.exec({ command: ['cat', DH_PYTHON_FALLBACK_PATH] });
    const names = await session.exec({ command: ['apt-cache', 'pkgnames'], maxOutputBytes: 64 * 1024 * 1024 });
    const version = await session.exec({ command: ['python3', '-c', 'import platform; print(platform.python_version())'] });
    if (fallback.exitCode !== 0 || names.exitCode !== 0) {
      throw new EnvironmentBuildError({ step: 'index', message: `index: cannot read Debian's package data in ${image}: ${fallback.stderr.trim() || names.stderr.trim()}` });
    }
    return {
      fallback: parseDhPythonFallback(fallback.stdout),
      packages: new Set(names.stdout.split('\n').map((line) => line.trim()).filter(Boolean)),
      pythonVersion: version.stdout.trim() || '3.11.0',
    };
  } finally {
    await session.destroy();
  }
}

/** The test spec of a built environment: the recipe's command over the whole suite, with the fallback environment when the install failed. */
function testSpecOf(recipe: EnvironmentRecipe, projectInstalled: EnvironmentBuild['projectInstalled']): TestSpec {
  const selection: TestSelection = recipe.test.suite.length > 0 ? { mode: 'files', files: recipe.test.suite } : { mode: 'all' };
  const env: Record<string, string> = { ...(projectInstalled === 'path' ? recipe.fallbackEnv : {}), ...recipe.test.env };
  if (recipe.test.framework === 'pytest') env.PYTEST_ADDOPTS = `${env.PYTEST_ADDOPTS ?? ''} ${PYTEST_EXIT_OPTION}`.trim();
  return {
    language: recipe.language,
    framework: recipe.test.framework,
    command: recipe.test.command,
    selection,
    env,
    timeoutSeconds: recipe.test.timeoutSeconds,
  };
}

/** Passed / (passed + failed + error) of a report; null without any such test. */
export function passRateOf(report: TestReport): number | null {
  const passed = report.tests.filter((test) => test.status === 'passed').length;
  const failing = report.tests.filter((test) => test.status === 'failed' || test.status === 'error').length;
  return passed + failing === 0 ? null : passed / (passed + failing);
}

async function withStep<T>(step: EnvironmentBuildStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (EnvironmentBuildError.isInstance(error)) throw error;
    const detail = SandboxCommandError.isInstance(error) ? (error as Error).message : (error as Error).message;
    throw new EnvironmentBuildError({ step, message: `${step}: ${detail}`, cause: error });
  }
}

/**
 * Builds the environment of a recipe for a snapshot and proves it by running the suite once.
 *
 * Three layers, each a content-hashed image built once: the shared base image (debootstrap,
 * one per flavor and machine), an index layer (the apt lists and Debian's Python data; one
 * per base), a dependency layer (Debian packages, then pip/npm/pnpm/yarn installs with the
 * network on; one per distinct recipe, so many commits of a repository share it), and the
 * repository layer (the snapshot at `/testbed` with the project installed, no network).
 * Then the whole suite runs once in a fresh container with `--network none`; its report is
 * the baseline. For pytest, a collection error that names a missing plugin or module (an
 * unrecognised `--cov`, an unknown marker, async tests, `No module named x`) adds it and
 * rebuilds, up to `maxRetries` times. The environment is `usable` when tests ran and at least
 * `minimumPassRate` of them passed. What could not be installed is listed in `unsatisfied`.
 *
 * @throws EnvironmentBuildError naming the failing step, with the end of its log.
 *
 * @example
 * ```ts
 * const recipe = await inferEnvironment('snapshots/click');
 * const build = await buildEnvironment({ recipe, snapshotPath: 'snapshots/click', dependencies: 'offline-debian' });
 * console.log(build.usable, build.passRate, build.environment.image);
 * ```
 */
export async function buildEnvironment(options: BuildEnvironmentOptions): Promise<EnvironmentBuild> {
  const started = Date.now();
  const { createDockerSandbox, buildBaseImage, buildRepositoryImage } = await dockerParts();
  const mode = options.dependencies ?? 'online';
  const minimumPassRate = options.minimumPassRate ?? 0.9;
  const progress = (step: EnvironmentBuildProgress['step'], message: string) => options.onProgress?.({ step, message, elapsedMs: Date.now() - started });
  const common = { docker: options.docker, onLog: options.onLog, abortSignal: options.abortSignal, commandTimeoutMs: options.commandTimeoutMs };
  let recipe = options.recipe;
  const attempts: EnvironmentBuild['attempts'] = [];
  let testMs = 0;

  progress('base', `base image (${recipe.base})`);
  const base = await withStep('base', async () => options.baseImage ?? (await buildBaseImage({ flavor: recipe.base, docker: options.docker, onLog: options.onLog, abortSignal: options.abortSignal })));
  const networkMode = options.buildNetworkMode ?? (await detectNetworkMode(options.docker));
  const empty = await mkdtemp(join(tmpdir(), 'swespot-env-empty-'));
  const dependencyFolder = await mkdtemp(join(tmpdir(), 'swespot-env-deps-'));
  try {
    progress('index', 'apt index and Debian package data');
    const indexCommands = ['apt-get update -q', 'mkdir -p /etc/swespot', 'touch /etc/swespot/unsatisfied'];
    if (recipe.base === 'python') {
      indexCommands.push(
        // Every Python recipe needs the installer and setuptools: in the shared layer, not in each recipe's.
        'apt-get install -y -q --no-install-recommends dh-python python3-pip python3-setuptools python3-wheel',
        `cat > /usr/lib/python3/dist-packages/swespot_pytest_exit.py <<'SWESPOT_EOF'\n${PYTEST_EXIT_PLUGIN}SWESPOT_EOF`,
      );
    }
    const index = await withStep('index', () =>
      buildRepositoryImage({ ...common, baseImage: base, snapshotPath: empty, installCommands: indexCommands, network: true, networkMode, repository: 'swespot/env-index', commandEnv: { DEBIAN_FRONTEND: 'noninteractive' } }),
    );

    // Local certificate authorities (a proxy's), trusted by the install steps only.
    const caFiles = options.extraCaCertificates ?? (await readdir(LOCAL_CA_FOLDER).catch(() => [])).filter((name) => name.endsWith('.crt')).map((name) => join(LOCAL_CA_FOLDER, name));
    let caBundle = '';
    for (const file of caFiles) caBundle += `${(await readFile(file, 'utf8')).trim()}\n`;
    if (caBundle) {
      await mkdir(join(dependencyFolder, CA_FOLDER), { recursive: true });
      await writeFile(join(dependencyFolder, CA_FOLDER, 'extra.crt'), caBundle);
    }
    for (const file of recipe.dependencyFiles) {
      await mkdir(dirname(join(dependencyFolder, file)), { recursive: true });
      await copyFile(join(options.snapshotPath, file), join(dependencyFolder, file)).catch((error: unknown) => {
        throw new EnvironmentBuildError({ step: 'dependencies', message: `dependencyFiles: ${file} is not in the snapshot (${(error as Error).message}).`, cause: error });
      });
    }

    for (let retry = 0; ; retry++) {
      // The dependency layer: one image per distinct recipe and mode.
      let debianPackages = [...recipe.systemPackages];
      const unsatisfied: { name: string; reason: string }[] = [];
      const commands: string[] = [];
      const python = recipe.packageManager === 'pip';
      if (python && mode === 'offline-debian') {
        const key = `${index}`;
        if (!debianIndexes.has(key)) debianIndexes.set(key, readDebianIndex(index, options.docker));
        const debian = await withStep('index', () => debianIndexes.get(key)!);
        const mapped = mapToDebianPackages(recipe.dependencies, debian);
        debianPackages = [...new Set([...debianPackages, ...mapped.packages])].sort();
        unsatisfied.push(...mapped.unsatisfied);
      }
      if (caBundle) commands.push(`cat /etc/ssl/certs/ca-certificates.crt ${CA_FOLDER}/extra.crt > /tmp/swespot-ca-bundle.crt`);
      if (debianPackages.length > 0) commands.push(aptInstallCommand(debianPackages));
      if (python && mode === 'online' && recipe.dependencies.length > 0) commands.push(pipInstallCommand(recipe.dependencies.map(requirementText)));
      commands.push(...recipe.dependencyCommands);
      if (caBundle) commands.push(`rm -rf ${CA_FOLDER} /tmp/swespot-ca-bundle.crt`);
      progress('dependencies', `dependencies: ${debianPackages.length} Debian packages${python && mode === 'online' ? `, ${recipe.dependencies.length} pip requirements` : ''}${recipe.dependencyCommands.length ? `, ${recipe.dependencyCommands.join(' && ')}` : ''}`);
      const commandEnv: Record<string, string> = { DEBIAN_FRONTEND: 'noninteractive', PIP_BREAK_SYSTEM_PACKAGES: '1' };
      if (caBundle) Object.assign(commandEnv, { NODE_EXTRA_CA_CERTS: `${ENVIRONMENT_WORKDIR}/${CA_FOLDER}/extra.crt`, PIP_CERT: '/tmp/swespot-ca-bundle.crt' });
      const pipIndexUrl = options.pipIndexUrl ?? process.env.PIP_INDEX_URL;
      if (pipIndexUrl) commandEnv.PIP_INDEX_URL = pipIndexUrl;
      const npmRegistry = options.npmRegistry ?? process.env.NPM_CONFIG_REGISTRY;
      if (npmRegistry) commandEnv.NPM_CONFIG_REGISTRY = npmRegistry;
      const dependencies = await withStep('dependencies', () =>
        buildRepositoryImage({ ...common, baseImage: index, snapshotPath: dependencyFolder, installCommands: commands, network: true, networkMode, repository: 'swespot/env-deps', commandEnv }),
      );

      // The repository layer: the snapshot and the project's own install, without network.
      progress('repository', `repository: snapshot at ${ENVIRONMENT_WORKDIR}${recipe.projectInstall.length ? ', project install' : ''}`);
      const install = recipe.projectInstall.length
        ? `if { ${recipe.projectInstall.join(' && ')}; } > /tmp/swespot-install.log 2>&1; then echo installed > /etc/swespot/project-install; else echo path > /etc/swespot/project-install; tail -n 30 /tmp/swespot-install.log; fi`
        : 'echo none > /etc/swespot/project-install';
      const repository = await withStep('repository', () =>
        buildRepositoryImage({
          ...common,
          baseImage: dependencies,
          snapshotPath: options.snapshotPath,
          installCommands: [`mkdir -p /etc/swespot && find . -path ./.git -prune -o ! -type d -print0 > ${SNAPSHOT_FILES_PATH}`, install],
          repository: 'swespot/env',
        }),
      );

      // The baseline: the whole suite once, in a fresh container without network.
      progress('baseline', 'baseline: the whole suite');
      const testStarted = Date.now();
      const session = await createDockerSandbox({ docker: options.docker, reapOrphans: false }).createSession({ image: repository, abortSignal: options.abortSignal });
      let run: EnvironmentTestRun;
      let projectInstalled: EnvironmentBuild['projectInstalled'];
      try {
        const state = await session.exec({ command: 'cat /etc/swespot/project-install; echo ---; cat /etc/swespot/unsatisfied 2>/dev/null' });
        const [installState = '', unsatisfiedList = ''] = state.stdout.split('---\n');
        projectInstalled = (['installed', 'path', 'none'] as const).find((value) => value === installState.trim()) ?? 'none';
        for (const name of unsatisfiedList.split('\n').map((line) => line.trim()).filter(Boolean)) {
          unsatisfied.push({ name, reason: python && mode === 'online' ? 'pip could not install it' : 'apt-get could not install it' });
        }
        run = await runSpecInExecutor(session.restricted(), testSpecOf(recipe, projectInstalled), { abortSignal: options.abortSignal });
      } finally {
        await session.destroy();
      }
      testMs += Date.now() - testStarted;
      const report = run.report;
      const passRate = passRateOf(report);
      const reasons: string[] = [];
      if (projectInstalled === 'path') reasons.push(`The project's own install failed; tests run with ${Object.entries(recipe.fallbackEnv).map(([name, value]) => `${name}=${value}`).join(' ')}.`);
      const collectionErrors = report.tests.filter((test) => test.status === 'error' && !test.testId.includes('::') && /\.py$/.test(test.testId));

      const erred = report.tests.length === 0 || report.tests.some((test) => test.status === 'error');
      const needs = recipe.test.framework === 'pytest' && erred ? diagnoseCollectionErrors(run.output) : undefined;
      const known = new Set(recipe.dependencies.map((dependency) => normaliseDistributionName(dependency.name)));
      const added = (needs?.distributions ?? []).filter((name) => !known.has(normaliseDistributionName(name)) && !unsatisfied.some((item) => normaliseDistributionName(item.name) === normaliseDistributionName(name)));
      if (added.length > 0 && retry < (options.maxRetries ?? 2)) {
        attempts.push({ added, reason: needs!.reason });
        progress('retry', `retry: adding ${added.join(', ')} (${needs!.reason})`);
        recipe = {
          ...recipe,
          dependencies: [...recipe.dependencies, ...added.map((name): RecipeDependency => ({ name, specifier: '', group: 'plugin', source: { file: '(retry)', key: needs!.reason.slice(0, 200) } }))],
        };
        continue;
      }

      if (report.tests.length === 0) {
        const tail = run.output.trim().split('\n').slice(-8).join('\n');
        reasons.push(`The suite collected no tests${report.timedOut ? ' (timed out)' : ''}; the end of its output:\n${tail}`);
      }
      if (collectionErrors.length > 0) reasons.push(`${collectionErrors.length} test file(s) failed at collection, counted as errors: ${collectionErrors.slice(0, 5).map((test) => test.testId).join(', ')}${collectionErrors.length > 5 ? ', ...' : ''}.`);
      if (passRate !== null && passRate < minimumPassRate) reasons.push(`Only ${(passRate * 100).toFixed(1)}% of the tests passed; at least ${(minimumPassRate * 100).toFixed(0)}% is asked for.`);
      if (report.timedOut && report.tests.length > 0) reasons.push('The suite was stopped by its timeout after writing results; they are kept.');
      const usable = report.tests.length > 0 && passRate !== null && passRate >= minimumPassRate;
      const testSpec = testSpecOf(recipe, projectInstalled);
      const build = environmentBuildSchema.parse({
        schemaVersion: 1,
        id: stableId({ repository, recipe, mode }, { prefix: 'environment' }),
        recipe,
        dependencyMode: mode,
        images: { base, dependencies, repository },
        debianPackages,
        unsatisfied,
        projectInstalled,
        environment: { image: repository, installCommands: [], workingDirectory: ENVIRONMENT_WORKDIR },
        testSpec,
        baseline: report,
        passRate,
        minimumPassRate,
        usable,
        reasons,
        attempts,
        timings: { buildMs: Date.now() - started - testMs, testMs },
        createdAt: new Date().toISOString(),
      });
      const counts = (status: string) => report.tests.filter((test) => test.status === status).length;
      progress('done', `${usable ? 'usable' : 'not usable'}: ${counts('passed')} passed, ${counts('failed')} failed, ${counts('error')} errors, ${counts('skipped')} skipped`);
      return build;
    }
  } finally {
    await rm(empty, { recursive: true, force: true });
    await rm(dependencyFolder, { recursive: true, force: true });
  }
}

/**
 * The `environment` and `testSpec` fields of a TaskInstance for a built environment, with
 * the tests the task selects (default: the whole suite), so the task record alone is enough
 * to run its tests later (`runEnvironmentTests`).
 */
export function taskEnvironmentOf(build: Pick<EnvironmentBuild, 'environment' | 'testSpec'>, selection?: TestSelection): { environment: EnvironmentBuild['environment']; testSpec: TestSpec } {
  return { environment: build.environment, testSpec: selection ? { ...build.testSpec, selection } : build.testSpec };
}

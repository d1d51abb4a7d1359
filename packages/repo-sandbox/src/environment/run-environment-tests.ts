import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  testSpecSchema,
  type EnvironmentSpec,
  type SandboxExecResultV1,
  type SandboxExecutorV1,
  type SandboxProviderV1,
  type TestReport,
  type TestSelection,
  type TestSpec,
} from '@swespot/core';
import type { DockerConnectionSettings } from '../docker/docker-connection';
import { applyPatch } from '../patch/apply-patch';
import { buildTestReport } from '../test-run/build-test-report';
import { parsePytestOutput } from '../test-run/parsers/parse-pytest-output';
import { readJunitXml } from '../test-run/read-junit-xml';
import { renderTestCommand } from '../test-run/render-test-command';
import type { ParsedTestOutput } from '../test-run/test-output';

/** Where an environment image lists the files its snapshot brought (NUL-separated `./path`), for workspace runs. */
export const SNAPSHOT_FILES_PATH = '/etc/swespot/snapshot-files';
/** Where a pytest run in an environment writes its JUnit XML report. */
export const JUNIT_REPORT_PATH = '/tmp/swespot-junit.xml';

/** Options of {@link runEnvironmentTests}. */
export interface RunEnvironmentTestsOptions {
  /** The environment: `build.environment` of an `EnvironmentBuild`, or a task record's `environment`. */
  readonly environment: Pick<EnvironmentSpec, 'image' | 'workingDirectory'>;
  /** How to run the tests: `build.testSpec`, or a task record's `testSpec`. */
  readonly testSpec: TestSpec;
  /**
   * Which tests: test files (`{ mode: 'files', files }`), test ids in the runner's format
   * (`{ mode: 'tests', testIds }`) or the whole suite. Default: the spec's own selection.
   */
  readonly selection?: TestSelection;
  /**
   * A host folder to test instead of the image's snapshot (e.g. the snapshot with a bug
   * applied): copied over the working directory, and files the snapshot had but this folder
   * lacks are deleted, so the tree matches the folder while the install stays. Default: none.
   */
  readonly workspace?: string;
  /** A patch applied to the image's snapshot (or to `workspace`) before the tests run. Default: none. */
  readonly patch?: string;
  /** Wall-clock limit in seconds. Default: the spec's `timeoutSeconds`. */
  readonly timeoutSeconds?: number;
  /** The sandbox provider. Default: a Docker sandbox (`--network none`, default limits). */
  readonly sandbox?: SandboxProviderV1;
  /** The engine of the default Docker sandbox. */
  readonly docker?: DockerConnectionSettings;
  /** The task the run belongs to, recorded in the report. */
  readonly taskId?: string;
  readonly abortSignal?: AbortSignal;
}

/** A test report with the raw output it was read from (for diagnosing collection errors). */
export interface EnvironmentTestRun {
  readonly report: TestReport;
  readonly output: string;
}

/**
 * unittest and Django list test ids as `test_name (module.Class)`; their command lines take
 * `module.Class.test_name`.
 */
function toCommandLineIds(spec: TestSpec): TestSpec {
  if ((spec.framework !== 'unittest' && spec.framework !== 'django') || spec.selection.mode !== 'tests') return spec;
  return {
    ...spec,
    selection: {
      mode: 'tests',
      testIds: spec.selection.testIds.map((id) => {
        const match = /^(\w+) \(([\w.]+)\)$/.exec(id);
        return match ? `${match[2]}.${match[1]}` : id;
      }),
    },
  };
}

async function listWorkspaceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string, relative: string) => {
    for (const name of await readdir(folder)) {
      if (relative === '.' && name === '.git') continue;
      const path = join(folder, name);
      const key = `${relative}/${name}`;
      const stats = await lstat(path);
      if (stats.isDirectory()) await walk(path, key);
      else files.push(key);
    }
  };
  await walk(root, '.');
  return files;
}

/**
 * Runs a test spec in an executor and reads the results: for pytest, from the JUnit XML
 * report (`--junitxml` through `PYTEST_ADDOPTS`, complete even for ids the log shortens) with
 * the log's own summary line as independent evidence; for other runners, from the log. When
 * the command hangs after printing its summary and is killed by the timeout, the results
 * written before are kept (the report still says `timedOut`).
 */
export async function runSpecInExecutor(
  executor: SandboxExecutorV1,
  spec: TestSpec,
  { taskId, abortSignal }: { taskId?: string; abortSignal?: AbortSignal } = {},
): Promise<EnvironmentTestRun> {
  const command = renderTestCommand(toCommandLineIds(spec));
  const pytest = spec.framework === 'pytest';
  const env = { ...spec.env };
  if (pytest) {
    env.PYTEST_ADDOPTS = `${env.PYTEST_ADDOPTS ?? ''} --junitxml=${JUNIT_REPORT_PATH} -o junit_family=xunit1`.trim();
    await executor.exec({ command: ['rm', '-f', JUNIT_REPORT_PATH], abortSignal });
  }
  const startedAt = new Date();
  const result: SandboxExecResultV1 = await executor.exec({
    command,
    env,
    timeoutMs: Math.round(spec.timeoutSeconds * 1000),
    maxOutputBytes: 16 * 1024 * 1024,
    abortSignal,
  });
  let parsed: ParsedTestOutput | undefined;
  if (pytest) {
    const junit = await executor.readFile(JUNIT_REPORT_PATH).then(
      (bytes) => Buffer.from(bytes).toString('utf8'),
      () => undefined,
    );
    if (junit) {
      try {
        const fromJunit = readJunitXml(junit);
        // The log's summary line is the independent evidence; the JUnit counts stand in only when the log has none.
        parsed = { tests: fromJunit.tests, summary: parsePytestOutput(result).summary ?? fromJunit.summary };
      } catch {
        parsed = undefined;
      }
    }
  }
  const report = buildTestReport({ framework: spec.framework, command, result, startedAt, taskId, parsed });
  return { report, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * Runs chosen tests (files, test ids or the whole suite) of a built environment in a fresh
 * sandbox from its image, against the image's snapshot, a workspace folder (the snapshot with
 * a bug or a fix applied) or a patch, under a timeout, with no network, and returns the
 * `TestReport` read by the runner's parser. Needs only a task record's `environment` and
 * `testSpec`, so a grader can run it later from the record alone.
 *
 * @example
 * ```ts
 * const report = await runEnvironmentTests({ ...taskEnvironmentOf(build), workspace: 'work/bug-17', selection: { mode: 'files', files: ['tests/test_utils.py'] } });
 * console.log(report.tests.filter((test) => test.status === 'failed'));
 * ```
 */
export async function runEnvironmentTests(options: RunEnvironmentTestsOptions): Promise<TestReport> {
  return (await runEnvironmentTestsWithOutput(options)).report;
}

/** {@link runEnvironmentTests}, also returning the command's output. */
export async function runEnvironmentTestsWithOutput(options: RunEnvironmentTestsOptions): Promise<EnvironmentTestRun> {
  const image = options.environment.image;
  if (!image) {
    throw new InvalidArgumentError({ argument: 'environment.image', message: 'environment.image: the environment has no image; build it with buildEnvironment() first.' });
  }
  const spec = testSpecSchema.parse({
    ...options.testSpec,
    ...(options.selection ? { selection: options.selection } : {}),
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
  });
  const provider = options.sandbox ?? (await import('../docker/create-docker-sandbox')).createDockerSandbox({ docker: options.docker, workdir: options.environment.workingDirectory, reapOrphans: false });
  const session = await provider.createSession({
    image,
    ...(options.workspace ? { workspace: { hostPath: options.workspace } } : {}),
    labels: options.taskId ? { 'dev.swespot.task': options.taskId } : undefined,
    abortSignal: options.abortSignal,
  });
  try {
    if (options.workspace) {
      // The copy went over the snapshot; delete what the snapshot had and the workspace lacks.
      const files = await listWorkspaceFiles(options.workspace);
      await session.writeFile('/tmp/swespot-workspace-files', `${files.join('\0')}\0`);
      const removed = await session.exec({
        command: `test -f ${SNAPSHOT_FILES_PATH} || exit 0; comm -z -23 <(sort -z ${SNAPSHOT_FILES_PATH}) <(sort -z /tmp/swespot-workspace-files) | xargs -0 -r rm -f --`,
        abortSignal: options.abortSignal,
      });
      if (removed.exitCode !== 0) throw new InvalidArgumentError({ argument: 'workspace', message: `workspace: could not remove deleted files in the sandbox: ${removed.stderr.trim()}` });
    }
    if (options.patch) {
      const applied = await applyPatch({ executor: session, patch: options.patch, abortSignal: options.abortSignal });
      if (!applied.applied) {
        throw new InvalidArgumentError({ argument: 'patch', message: `patch: does not apply to the environment's snapshot (${applied.attempts.map((attempt) => `${attempt.method}: ${attempt.output.trim().split('\n')[0] ?? ''}`).join('; ')}).` });
      }
    }
    return await runSpecInExecutor(session.restricted(), spec, { taskId: options.taskId, abortSignal: options.abortSignal });
  } finally {
    await session.destroy();
  }
}

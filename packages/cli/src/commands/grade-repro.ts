import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InvalidArgumentError, type SandboxProviderV1, type TestReproTask } from '@swespot/core';
import { createSnapshot, readSnapshotManifest, taskEnvironmentOf } from '@swespot/repo-sandbox';
import { gradeReproduction } from '@swespot/test-repro';
import { Option, type Command } from 'commander';
import type { CommandContext } from './command-context';
import { readReproInput } from './repro-records';
import { readEnvironmentBuild } from '../rcx/read-environment-option';

interface GradeReproOptions {
  data: string;
  instance: string;
  patch: string;
  sandbox: 'docker' | 'bubblewrap';
  image?: string;
  environment?: string;
  workspace?: string;
  repo?: string;
  runs: string;
  coverage: boolean;
  timeout?: string;
}

/** The host folder at the task's commit, for sandboxes that copy a workspace in (bubblewrap). */
async function workspaceFor(task: TestReproTask, options: GradeReproOptions, context: CommandContext): Promise<string | undefined> {
  if (options.workspace !== undefined) {
    const directory = resolve(context.cwd, options.workspace);
    const manifest = await readSnapshotManifest(directory);
    if (manifest !== undefined && !manifest.sourceCommit.startsWith(task.snapshot.commit) && !task.snapshot.commit.startsWith(manifest.sourceCommit)) {
      throw new InvalidArgumentError({ argument: 'workspace', message: `--workspace: ${directory} holds commit ${manifest.sourceCommit}, but task ${task.id} is at ${task.snapshot.commit}.` });
    }
    return directory;
  }
  if (options.repo === undefined) return undefined;
  const repo = resolve(context.cwd, options.repo);
  const info = await createSnapshot({
    repo,
    commit: task.snapshot.commit,
    history: 'none',
    into: resolve(context.cwd, '.swespot', 'snapshots', `${basename(repo)}-${task.snapshot.commit.slice(0, 12)}`),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  return info.directory;
}

/**
 * Adds `swespot grade-repro --data FILE.jsonl --instance ID --patch test.diff`: grades a
 * reproduction test patch with the fail-before / pass-after grader (TDD-Bench's rule, score
 * and coverage) and prints the grade as JSON; exit 0 when resolved, 1 when not.
 */
export function registerGradeReproCommand(program: Command, context: CommandContext): void {
  program
    .command('grade-repro')
    .description('grade a reproduction test patch: its tests must fail on the buggy code and pass on the fixed code (TDD-Bench); prints the grade as JSON, exit 1 when not resolved')
    .requiredOption('--data <file>', 'JSONL of test-repro tasks (swespot repro), bugfix tasks, or SWE-bench / TDD-Bench rows')
    .requiredOption('--instance <id>', 'the task id or instance_id to grade')
    .requiredOption('--patch <file>', 'the test patch (unified diff) to grade')
    .addOption(new Option('--sandbox <name>', 'where the tests run').choices(['docker', 'bubblewrap']).default('docker'))
    .option('--image <image>', "container image at the task's commit (default: the task's environment.image)")
    .option('--environment <file>', 'the build record of `swespot env build --out FILE` for the task\'s commit: its image and test command')
    .option('--workspace <dir>', "a folder holding the repository at the task's commit, copied into each sandbox (needed by bubblewrap)")
    .option('--repo <dir>', "a clone: a snapshot of the task's commit is made (or reused) under .swespot/snapshots as the workspace")
    .option('--runs <n>', 'runs on each side; 2 finds flaky tests', '2')
    .option('--no-coverage', 'do not measure coverage of the fix (a rule weighed by coverage then cannot resolve)')
    .option('--timeout <seconds>', "limit of each test run (default: the task's testSpec.timeoutSeconds)")
    .action(async (options: GradeReproOptions) => {
      const runs = Number(options.runs);
      if (!Number.isInteger(runs) || runs < 1) {
        context.stderr.write(`grade-repro: --runs: expected a whole number of at least 1, got ${JSON.stringify(options.runs)}\n`);
        context.setExitCode(2);
        return;
      }
      const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
      if (timeout !== undefined && !(timeout > 0)) {
        context.stderr.write(`grade-repro: --timeout: expected seconds above 0, got ${JSON.stringify(options.timeout)}\n`);
        context.setExitCode(2);
        return;
      }
      const data = resolve(context.cwd, options.data);
      const records = await readReproInput(data, ['test-repro', 'bugfix']);
      const record = records.find((candidate) => candidate.task.id === options.instance);
      if (record === undefined) {
        context.stderr.write(`grade-repro: --instance: no task or row ${JSON.stringify(options.instance)} in ${data} (${records.length} records)\n`);
        context.setExitCode(1);
        return;
      }
      let task: TestReproTask;
      if (record.kind === 'test-repro') task = record.task;
      else {
        // A bugfix task is graded as its reproduction task (the tests it already has stay in place).
        const { buildReproTask } = await import('@swespot/test-repro');
        task = (await buildReproTask({ bugfix: record.task, hideTests: false })).task;
      }
      if (options.environment !== undefined) {
        const build = await readEnvironmentBuild(options.environment, context);
        if (!build.usable) context.stderr.write(`warning: --environment: not usable (${build.reasons.join('; ') || 'too few tests passed'}); the grade may reflect the environment.\n`);
        const { environment, testSpec } = taskEnvironmentOf(build);
        task = { ...task, environment, testSpec: { ...testSpec, selection: task.testSpec.selection } };
      }
      const patchPath = resolve(context.cwd, options.patch);
      const testPatch = await readFile(patchPath, 'utf8').catch((error: unknown) => {
        throw new InvalidArgumentError({ argument: 'patch', message: `--patch: cannot read ${patchPath}: ${(error as Error).message}` });
      });
      const workspace = await workspaceFor(task, options, context);
      let sandbox: SandboxProviderV1 | undefined;
      if (options.sandbox === 'bubblewrap') {
        if (workspace === undefined) {
          context.stderr.write("grade-repro: --sandbox bubblewrap runs on this machine's files: give --workspace DIR or --repo DIR holding the task's commit\n");
          context.setExitCode(2);
          return;
        }
        const { createBubblewrapSandbox } = await import('@swespot/repo-sandbox/bubblewrap');
        sandbox = createBubblewrapSandbox();
      }
      const grade = await gradeReproduction({
        task,
        testPatch,
        runsPerSide: runs,
        measureCoverage: options.coverage,
        ...(sandbox === undefined ? {} : { sandbox }),
        ...(options.image === undefined ? {} : { image: options.image }),
        ...(workspace === undefined ? {} : { workspace }),
        ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
        onProgress: (progress) => context.stderr.write(`${progress.message}\n`),
        ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
      });
      context.stdout.write(`${JSON.stringify(grade, null, 2)}\n`);
      if (!grade.resolved) context.setExitCode(1);
    });
}

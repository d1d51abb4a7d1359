import {
  InvalidArgumentError,
  reproductionGradeSchema,
  type ReproductionCoverage,
  type ReproductionCoverageFile,
  type ReproductionGrade,
  type ReproductionReason,
  type ReproductionRunStatus,
  type ReproductionTest,
  type SandboxExecutorV1,
  type SandboxProviderV1,
  type TestReport,
  type TestReproTask,
} from '@swespot/core';
import { applyPatch, runSpecInExecutor } from '@swespot/repo-sandbox';
import type { DockerConnectionSettings } from '@swespot/repo-sandbox/docker';
import type { CoverageProbe, LinesToMeasure, MeasuredLines } from '../coverage-probes/line-coverage';
import { createPythonCoverageProbe } from '../coverage-probes/python-coverage';
import { createV8CoverageProbe } from '../coverage-probes/v8-coverage';
import { changedSourceLines, type ChangedSourceLines } from '../patch/changed-source-lines';
import { findFailedHunk } from '../patch/failed-hunk';
import { isTestPath } from '../patch/is-test-path';
import { readPatch, type PatchFileChange } from '../patch/read-patch';
import { patchTouchesTest } from '../tests/patch-touches-test';
import { locateTests } from '../tests/locate-tests';
import { runnerTestIdOf, runsModuleFunctions, selectionFor, statusInReport, type RunnerTest } from '../tests/test-ids';

/** One step of {@link gradeReproduction}, for a progress display. */
export interface GradeProgress {
  readonly side: 'before' | 'after';
  /** 1-based run of that side. */
  readonly run: number;
  /** One line for a person, e.g. `before 1/2: 3 tests`. */
  readonly message: string;
}

/** Options of {@link gradeReproduction}. */
export interface GradeReproductionOptions {
  /**
   * The task: the buggy state (`snapshot.commit` in `environment.image`, plus `bugPatch`),
   * the fix (`goldPatch`), how tests run (`testSpec`) and the rule (`grading`). Make one from
   * a bugfix task with `buildReproTask`, or from a TDD-Bench row with `reproTaskFromRow`.
   */
  readonly task: TestReproTask;
  /** The reproduction test patch to grade (a unified diff adding or changing tests only). */
  readonly testPatch: string;
  /**
   * Where the runs happen. Default: a Docker sandbox (`--network none`) whose working
   * directory is the task's `environment.workingDirectory`.
   */
  readonly sandbox?: SandboxProviderV1;
  /** The image each run starts from. Default: the task's `environment.image`. */
  readonly image?: string;
  /**
   * A host folder holding the repository at `snapshot.commit`, copied into each sandbox
   * (for sandboxes without images, e.g. bubblewrap, or to test a checkout instead of the
   * image's own copy). Default: none (the image's working directory is used as it is).
   */
  readonly workspace?: string;
  /** Runs on each side; 2 finds flaky tests (runs of one side that disagree). Default: 2. */
  readonly runsPerSide?: number;
  /** Measure coverage of the fix's changed lines (coverage.py, V8). Default: true. */
  readonly measureCoverage?: boolean;
  /** Limit of each test run, in seconds. Default: the task's `testSpec.timeoutSeconds`. */
  readonly timeoutSeconds?: number;
  /** The engine of the default Docker sandbox. */
  readonly docker?: DockerConnectionSettings;
  readonly onProgress?: (progress: GradeProgress) => void;
  readonly abortSignal?: AbortSignal;
}

/** What a test did in all runs of one side: always failed (or errored), always passed, was skipped, never reported, or varied. */
type SideClass = 'fail' | 'pass' | 'skip' | 'missing' | 'mixed';

interface SideRun {
  readonly report: TestReport;
  readonly statuses: Map<string, ReproductionRunStatus>;
  readonly measured?: MeasuredLines[];
  readonly coverageProblem?: string;
}

class GradeStop {
  constructor(readonly reason: ReproductionReason) {}
}

/** The coverage probe for a task's tests, or why none fits. */
function probeFor(task: TestReproTask, changed: readonly ChangedSourceLines[]): CoverageProbe | string {
  const languages = new Set(changed.map((file) => file.language));
  if (changed.length === 0) return 'the fix changes no Python or JavaScript line a coverage tool measures';
  const framework = task.testSpec.framework;
  if (languages.has('python') && ['pytest', 'django', 'unittest', 'sympy'].includes(framework)) return createPythonCoverageProbe();
  if (languages.has('javascript') && (framework === 'node-test' || framework === 'mocha')) return createV8CoverageProbe();
  if (framework === 'jest' || framework === 'vitest') return `${framework} runs transformed code, so V8 coverage offsets do not match the files; coverage is measured for node --test and Mocha only`;
  return `no coverage tool for ${framework} tests of ${[...languages].join(', ')} code`;
}

function classify(statuses: readonly ReproductionRunStatus[], reports: readonly TestReport[]): SideClass {
  // A test missing from a run that failed could not run (its module did not import): an error, as TDD-Bench counts it.
  const effective = statuses.map((status, index) => (status === 'missing' && reports[index]!.exitCode !== 0 ? 'error' : status));
  const kinds = new Set(effective.map((status) => (status === 'failed' || status === 'error' ? 'fail' : status === 'passed' ? 'pass' : status === 'missing' ? 'missing' : 'skip')));
  return kinds.size === 1 ? ([...kinds][0] as SideClass) : 'mixed';
}

function outcomeOf(before: SideClass, after: SideClass): ReproductionTest['outcome'] {
  if (before === 'mixed' || after === 'mixed') return 'flaky';
  if (before === 'missing' || after === 'missing') return 'not-run';
  if (before === 'skip' || after === 'skip') return 'skipped';
  if (before === 'fail') return after === 'pass' ? 'fail-to-pass' : 'fail-to-fail';
  return after === 'pass' ? 'pass-to-pass' : 'pass-to-fail';
}

/**
 * Grades a reproduction test patch the way TDD-Bench does, for training-data filtering and
 * evaluation alike:
 *
 * 1. Refuses, before running anything, an empty patch, one that is not a unified diff, and
 *    one that changes a file that is not a test (`touches-source`).
 * 2. Finds the tests the patch adds or changes (tree-sitter: Python `def test*` functions and
 *    methods of test classes, Jest/Vitest/Mocha/`node:test` `it`/`test` cases whose lines the
 *    patch adds to).
 * 3. Runs exactly those tests, `runsPerSide` times each, in fresh sandboxes: on the buggy
 *    code (the task's bug patch, then the test patch) and on the fixed code (then the gold
 *    patch). A patch that does not apply stops the grading with `does-not-apply` naming the
 *    patch, the file and the hunk.
 * 4. Measures the coverage of the fix's changed lines (blank and comment lines left out) by
 *    those tests: removed lines on the buggy code, added lines on the fixed code;
 *    coverage.py for Python (started in every process of the test command), V8 for
 *    `node --test` and Mocha.
 * 5. `failBefore`: any (or all, by the task's rule) of the tests fail or error before the
 *    fix in every run; `passAfter`: one passes and none fails after it in every run;
 *    `score = failBefore · passAfter · coverage` (TDD-Bench's, without coverage when the
 *    task's `grading.weighByCoverage` is false, as for sympy); `resolved = score > 0` with no
 *    flaky test. Every test's status in every run is in `tests`; `reasons` says why it is
 *    not resolved, `notes` what else was seen.
 *
 * The grade is validated with core's `reproductionGradeSchema`. Problems of the patch are
 * reasons in the grade; only a broken sandbox, a missing image or an abort throws.
 *
 * @example
 * ```ts
 * const grade = await gradeReproduction({ task, testPatch: await readFile('test.diff', 'utf8') });
 * console.log(grade.resolved, grade.score, grade.reasons.map((reason) => reason.message));
 * ```
 */
export async function gradeReproduction(options: GradeReproductionOptions): Promise<ReproductionGrade> {
  const started = Date.now();
  const { task, testPatch } = options;
  const runsPerSide = options.runsPerSide ?? 2;
  if (!Number.isInteger(runsPerSide) || runsPerSide < 1) {
    throw new InvalidArgumentError({ argument: 'runsPerSide', message: `runsPerSide: expected a whole number of at least 1, got ${runsPerSide}.` });
  }
  const image = options.image ?? task.environment.image;
  const sandboxName = options.sandbox?.provider ?? 'docker';
  const rule = task.grading;
  const runs = { before: [] as TestReport[], after: [] as TestReport[] };
  let patchFiles: PatchFileChange[] = [];
  let tests: RunnerTest[] = [];
  const sideRuns: Record<'before' | 'after', SideRun[]> = { before: [], after: [] };

  const finish = (parts: { reasons?: ReproductionReason[]; notes?: ReproductionReason[]; testRecords?: ReproductionTest[]; failBefore?: boolean; passAfter?: boolean; coverage?: ReproductionCoverage | null; score?: number; resolved?: boolean; runsPerSide?: number }): ReproductionGrade => {
    const files = patchFiles.map((file) => file.path);
    return reproductionGradeSchema.parse({
      schemaVersion: 1,
      taskId: task.id,
      resolved: parts.resolved ?? false,
      score: parts.score ?? 0,
      failBefore: parts.failBefore ?? false,
      passAfter: parts.passAfter ?? false,
      coverage: parts.coverage ?? null,
      rule,
      tests: parts.testRecords ?? [],
      reasons: parts.reasons ?? [],
      notes: parts.notes ?? [],
      patch: { files, testFiles: files.filter((file) => !sourceFileOf(file)), sourceFiles: files.filter(sourceFileOf) },
      runsPerSide: parts.runsPerSide ?? 0,
      runs,
      environment: { sandbox: sandboxName, ...(image === undefined ? {} : { image }) },
      durationMs: Date.now() - started,
      gradedAt: new Date().toISOString(),
    });
  };

  // 1. What the patch is, before anything runs.
  const goldFiles = readPatch(task.goldPatch, 'task.goldPatch');
  const goldPaths = new Set(goldFiles.flatMap((file) => [file.path, file.oldPath ?? file.path]));
  const sourceFileOf = (path: string) => goldPaths.has(path) || !isTestPath(path);
  if (testPatch.trim() === '') return finish({ reasons: [{ code: 'empty-patch', message: 'The patch is empty: it adds no test.' }] });
  try {
    patchFiles = readPatch(testPatch, 'testPatch');
  } catch (error) {
    return finish({ reasons: [{ code: 'malformed-patch', message: (error as Error).message }] });
  }
  if (patchFiles.length === 0) return finish({ reasons: [{ code: 'malformed-patch', message: 'The patch names no file: it is not a unified diff (no ---/+++ or diff --git headers).' }] });
  const sourceFiles = patchFiles.map((file) => file.path).filter(sourceFileOf);
  if (sourceFiles.length > 0) {
    return finish({
      reasons: [{ code: 'touches-source', message: `The patch changes files that are not tests (${sourceFiles.join(', ')}); a reproduction test may add or change tests only.`, files: sourceFiles }],
    });
  }

  const changed = changedSourceLines(goldFiles);
  const probe = options.measureCoverage === false ? 'coverage was not asked for (measureCoverage: false)' : probeFor(task, changed);
  const linesFor = (side: 'before' | 'after'): LinesToMeasure[] =>
    changed
      .map((file) => (side === 'before' ? { path: file.oldPath, lines: file.removed } : { path: file.path, lines: file.added }))
      .filter((file) => file.lines.length > 0);

  const provider =
    options.sandbox ??
    (await import('@swespot/repo-sandbox/docker')).createDockerSandbox({ docker: options.docker, workdir: task.environment.workingDirectory, reapOrphans: false });
  if (provider.capabilities.containerImages && image === undefined) {
    throw new InvalidArgumentError({ argument: 'image', message: `image: task ${task.id} has no environment.image; build its environment (swespot env build) or pass an image.` });
  }
  if (!provider.capabilities.containerImages && options.workspace === undefined) {
    throw new InvalidArgumentError({ argument: 'workspace', message: `workspace: the ${provider.provider} sandbox has no images; pass a folder holding the repository at ${task.snapshot.commit}.` });
  }

  const apply = async (executor: SandboxExecutorV1, patch: string, which: 'test' | 'bug' | 'gold', files: readonly PatchFileChange[]) => {
    const applied = await applyPatch({ executor, patch, abortSignal: options.abortSignal }).catch((error: unknown) => ({ refused: error as Error }));
    if ('refused' in applied) throw new GradeStop({ code: 'does-not-apply', patch: which, message: `The ${which} patch was refused: ${applied.refused.message}` });
    if (applied.applied) return;
    const failure = findFailedHunk(applied.attempts, files);
    const where = failure.hunk ? `hunk ${failure.hunk.index} of ${failure.hunk.file} (${failure.hunk.header})` : failure.file ? `${failure.file}` : 'the patch';
    const whose = which === 'test' ? 'The test patch' : `The task's ${which} patch`;
    throw new GradeStop({
      code: 'does-not-apply',
      patch: which,
      message: `${whose} does not apply to ${which === 'gold' ? 'the buggy code with the tests' : which === 'test' ? 'the buggy code' : 'the snapshot'}: ${where} failed (${failure.detail.slice(0, 400)}).`,
      ...(failure.file === undefined ? {} : { files: [failure.file] }),
      ...(failure.hunk === undefined ? {} : { hunk: failure.hunk }),
    });
  };

  const findTests = async (executor: SandboxExecutorV1): Promise<RunnerTest[]> => {
    const found: RunnerTest[] = [];
    for (const file of patchFiles) {
      if (file.newPath === undefined) continue;
      if (!file.hunks.some((hunk) => hunk.added.length + hunk.removed.length > 0)) continue;
      const text = await executor.readFile(file.newPath, { abortSignal: options.abortSignal }).then(
        (bytes) => Buffer.from(bytes).toString('utf8'),
        () => undefined,
      );
      if (text === undefined) continue;
      for (const test of await locateTests(file.newPath, text)) {
        if (test.names.length === 1 && !runsModuleFunctions(task.testSpec.framework)) continue;
        if (patchTouchesTest(file, test)) found.push({ ...test, id: runnerTestIdOf(test, task.testSpec.framework) });
      }
    }
    return found;
  };

  const runSide = async (side: 'before' | 'after', run: number): Promise<SideRun> => {
    const session = await provider.createSession({
      ...(image === undefined || !provider.capabilities.containerImages ? {} : { image }),
      ...(options.workspace === undefined ? {} : { workspace: { hostPath: options.workspace } }),
      labels: { 'dev.swespot.task': task.id, 'dev.swespot.grade': side },
      abortSignal: options.abortSignal,
    });
    try {
      const executor = session.restricted();
      if (task.bugPatch !== undefined) await apply(session, task.bugPatch, 'bug', readPatch(task.bugPatch, 'task.bugPatch'));
      await apply(session, testPatch, 'test', patchFiles);
      if (side === 'after') await apply(session, task.goldPatch, 'gold', goldFiles);
      if (tests.length === 0) {
        tests = await findTests(executor);
        if (tests.length === 0) {
          throw new GradeStop({
            code: 'no-tests-found',
            message: `The patch adds or changes no test function or case in ${patchFiles.map((file) => file.path).join(', ')} (Python: def test* at module level or in a class; JavaScript: it()/test()).`,
            files: patchFiles.map((file) => file.path),
          });
        }
      }
      const framework = task.testSpec.framework;
      // Coverage in the first run of each side: removed lines before the fix, added lines after it.
      const toMeasure = linesFor(side);
      let coverageEnv: Readonly<Record<string, string>> = {};
      let coverageProblem: string | undefined;
      const measuring = typeof probe !== 'string' && run === 1 && toMeasure.length > 0;
      if (measuring) {
        const prepared = await probe.prepare(session, toMeasure, options.abortSignal);
        if (prepared.available) coverageEnv = prepared.env;
        else coverageProblem = prepared.reason;
      }
      options.onProgress?.({ side, run, message: `${side} ${run}/${runsPerSide}: ${tests.length} test${tests.length === 1 ? '' : 's'}` });
      const spec = {
        ...task.testSpec,
        selection: selectionFor(tests, framework),
        env: { ...task.testSpec.env, ...coverageEnv },
        timeoutSeconds: options.timeoutSeconds ?? task.testSpec.timeoutSeconds,
      };
      const { report } = await runSpecInExecutor(executor, spec, { taskId: task.id, abortSignal: options.abortSignal });
      runs[side].push(report);
      const statuses = new Map(tests.map((test) => [test.id, statusInReport(test, framework, report)]));
      let measured: MeasuredLines[] | undefined;
      if (measuring && coverageProblem === undefined) {
        try {
          measured = await probe.measure(executor, toMeasure, options.abortSignal);
        } catch (error) {
          coverageProblem = (error as Error).message;
        }
      }
      return { report, statuses, ...(measured === undefined ? {} : { measured }), ...(coverageProblem === undefined ? {} : { coverageProblem }) };
    } finally {
      await session.destroy();
    }
  };

  try {
    for (let run = 1; run <= runsPerSide; run++) {
      sideRuns.before.push(await runSide('before', run));
      sideRuns.after.push(await runSide('after', run));
    }
  } catch (error) {
    if (error instanceof GradeStop) return finish({ reasons: [error.reason], runsPerSide: sideRuns.after.length });
    throw error;
  }

  // 5. Per test, then the rule.
  const testRecords: ReproductionTest[] = [];
  for (const test of tests) {
    const before = sideRuns.before.map((side) => side.statuses.get(test.id)!);
    const after = sideRuns.after.map((side) => side.statuses.get(test.id)!);
    const name = test.names.join(test.file.endsWith('.py') ? '.' : ' > ');
    testRecords.push({ id: test.id, file: test.file, name, before, after, outcome: outcomeOf(classify(before, runs.before), classify(after, runs.after)) });
  }
  // TDD-Bench's conditions hold in every run of a side: any (or all) fail before, one passes and none fails after.
  const effective = (side: 'before' | 'after', index: number) =>
    testRecords.map((test) => {
      const status = test[side][index]!;
      return status === 'missing' && runs[side][index]!.exitCode !== 0 ? 'error' : status;
    });
  const failing = (status: ReproductionRunStatus) => status === 'failed' || status === 'error';
  const failBefore = runs.before.every((_, index) => {
    const statuses = effective('before', index);
    if (rule.failBefore === 'any') return statuses.some(failing);
    const ran = statuses.filter((status) => status !== 'skipped' && status !== 'xfail' && status !== 'missing');
    return ran.length > 0 && ran.every(failing);
  });
  const passAfter = runs.after.every((_, index) => {
    const statuses = effective('after', index);
    return statuses.includes('passed') && !statuses.some(failing);
  });

  // Coverage of the changed lines, from the first run of each side.
  const coverageFiles: ReproductionCoverageFile[] = [];
  const coverageProblems: string[] = [];
  for (const side of ['before', 'after'] as const) {
    const first = sideRuns[side][0];
    if (first?.coverageProblem !== undefined) coverageProblems.push(`${side} the fix: ${first.coverageProblem}`);
    for (const file of first?.measured ?? []) coverageFiles.push({ path: file.path, side, covered: [...file.covered], missed: [...file.missed], notExecutable: [...file.notExecutable] });
  }
  let coverage: ReproductionCoverage | null = null;
  if (typeof probe !== 'string' && coverageProblems.length === 0) {
    const covered = coverageFiles.reduce((total, file) => total + file.covered.length, 0);
    const missed = coverageFiles.reduce((total, file) => total + file.missed.length, 0);
    coverage = { tool: probe.tool, share: covered + missed === 0 ? null : covered / (covered + missed), covered, missed, files: coverageFiles };
  }
  const share = coverage?.share ?? null;
  const score = failBefore && passAfter ? (rule.weighByCoverage ? (share ?? 0) : 1) : 0;
  const flaky = testRecords.filter((test) => test.outcome === 'flaky');
  const resolved = score > 0 && flaky.length === 0;

  const reasons: ReproductionReason[] = [];
  const notes: ReproductionReason[] = [];
  const ids = (outcome: ReproductionTest['outcome']) => testRecords.filter((test) => test.outcome === outcome).map((test) => test.id);
  const list = (items: readonly string[]) => (items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', '));
  const add = (blocking: boolean, reason: ReproductionReason) => (blocking && !resolved ? reasons : notes).push(reason);
  if (flaky.length > 0) add(true, { code: 'flaky', message: `Runs of one side disagree about ${list(flaky.map((test) => test.id))}: the test is flaky, so it proves nothing.`, tests: flaky.map((test) => test.id) });
  const passBoth = ids('pass-to-pass');
  if (passBoth.length > 0) add(!failBefore, { code: 'passes-on-both-sides', message: `${list(passBoth)} pass${passBoth.length === 1 ? 'es' : ''} on the buggy code too: ${passBoth.length === 1 ? 'it asserts' : 'they assert'} nothing the fix changes.`, tests: passBoth });
  const failBoth = ids('fail-to-fail');
  if (failBoth.length > 0) add(!passAfter, { code: 'fails-on-both-sides', message: `${list(failBoth)} fail${failBoth.length === 1 ? 's' : ''} on the fixed code too: ${failBoth.length === 1 ? 'it tests' : 'they test'} something else or ${failBoth.length === 1 ? 'is' : 'are'} broken.`, tests: failBoth });
  const breaks = ids('pass-to-fail');
  if (breaks.length > 0) add(!passAfter, { code: 'fails-after-fix', message: `${list(breaks)} pass${breaks.length === 1 ? 'es' : ''} on the buggy code and fail${breaks.length === 1 ? 's' : ''} on the fixed code.`, tests: breaks });
  const notRun = [...ids('not-run'), ...ids('skipped')];
  if (notRun.length > 0) add(notRun.length === testRecords.length, { code: 'tests-did-not-run', message: `${list(notRun)} did not run on both sides (missing from the results or skipped).`, tests: notRun });
  if (failBefore && passAfter && rule.weighByCoverage) {
    if (coverage === null) add(true, { code: 'coverage-unavailable', message: `Coverage could not be measured (${typeof probe === 'string' ? probe : coverageProblems.join('; ')}), and the rule weighs the score by it.` });
    else if (share === null) add(true, { code: 'coverage-unavailable', message: 'No changed line of the fix is executable, so coverage has no measure, and the rule weighs the score by it.' });
    else if (share === 0) add(true, { code: 'no-coverage', message: `The tests execute none of the fix's ${coverage.missed} changed executable line${coverage.missed === 1 ? '' : 's'}.` });
  } else if (coverage === null && options.measureCoverage !== false) {
    notes.push({ code: 'coverage-unavailable', message: `Coverage was not measured: ${typeof probe === 'string' ? probe : coverageProblems.join('; ')}.` });
  }
  if (!resolved && reasons.length === 0) {
    reasons.push({
      code: failBefore ? 'fails-on-both-sides' : 'passes-on-both-sides',
      message: failBefore ? 'No added test passes on the fixed code in every run.' : 'No added test fails on the buggy code in every run.',
    });
  }
  return finish({ reasons, notes, testRecords, failBefore, passAfter, coverage, score, resolved, runsPerSide });
}

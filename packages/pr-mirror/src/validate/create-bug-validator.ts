import { InvalidArgumentError, type EnvironmentBuild, type SandboxProviderV1, type TestReport, type TestSelection } from '@swespot/core';
import { runEnvironmentTests } from '@swespot/repo-sandbox';
import { readPatchFiles } from '../diff/patch-files';
import { isTestPath } from '../mining/classify-path';
import type { BugCandidate } from './bug-candidate';
import { classifyTestOutcomes, type TestOutcomes } from './classify-test-outcomes';

/** Why a candidate was kept or dropped. `valid` is kept; every other status is dropped. */
export type BugValidationStatus =
  | 'valid'
  | 'no-fail-to-pass'
  | 'flaky'
  | 'patch-does-not-apply'
  | 'touches-tests'
  | 'no-tests'
  | 'clean-run-failed'
  | 'timed-out';

/** The outcome of validating one {@link BugCandidate}. */
export interface BugValidation extends TestOutcomes {
  readonly candidateId: string;
  readonly status: BugValidationStatus;
  /** One line on why, for a dropped candidate. */
  readonly reason?: string;
  /** Tests the re-run contradicted, removed from FAIL_TO_PASS and PASS_TO_PASS. */
  readonly flaky: string[];
  /** The end of the buggy run's output (what a problem statement writer may show, test names aside). */
  readonly buggyOutputTail: string;
  readonly timings: {
    /** Clean runs (0 when both came from the cache), buggy runs, and the whole validation, in milliseconds. */
    readonly cleanMs: number;
    readonly buggyMs: number;
    readonly totalMs: number;
    /** Whether the clean runs came from the cache (same image and test files validated before). */
    readonly cleanCached: boolean;
  };
}

/** One test run the validator made, for progress displays and benchmarks. */
export interface BugValidatorRun {
  readonly candidateId: string;
  readonly kind: 'clean' | 'buggy' | 'clean-rerun' | 'buggy-rerun';
  readonly durationMs: number;
  readonly report: TestReport;
}

/** How the validator runs one set of tests; the default is `runEnvironmentTests` in a fresh sandbox. */
export type RunBugTests = (request: {
  readonly selection: TestSelection;
  /** The bug patch, for a buggy run; none for a clean run. */
  readonly patch?: string;
  readonly taskId: string;
  readonly timeoutSeconds: number;
  readonly abortSignal?: AbortSignal;
}) => Promise<TestReport>;

/** Options of {@link createBugValidator}. */
export interface BugValidatorOptions {
  /** The environment holding the clean snapshot: an `EnvironmentBuild` (or a task record's `environment` and `testSpec`). */
  readonly environment: Pick<EnvironmentBuild, 'environment' | 'testSpec'>;
  /** The sandbox provider for the runs. Default: Docker (`--network none`). */
  readonly sandbox?: SandboxProviderV1;
  /** Limit of one test run, in seconds; a run that hits it drops the candidate (`timed-out`). Default: 600. */
  readonly timeoutSeconds?: number;
  /**
   * A buggy run slower than this many times its clean run (but at least `minimumTimeoutSeconds`)
   * is stopped and the candidate dropped as `timed-out`, before `timeoutSeconds`: a bug that makes
   * a test hang costs seconds, not the whole limit. Default: 10.
   */
  readonly slowdownFactor?: number;
  /** The least time a buggy run gets under `slowdownFactor`, in seconds. Default: 120. */
  readonly minimumTimeoutSeconds?: number;
  /** Run the clean and buggy code once more and drop the tests whose outcome changed. Default: true. */
  readonly rerun?: boolean;
  /** Replaces how tests run (e.g. another executor). Default: `runEnvironmentTests` in a fresh sandbox from the image. */
  readonly runTests?: RunBugTests;
  /** Called after every test run. */
  readonly onRun?: (run: BugValidatorRun) => void;
}

/** Validates bug candidates against one environment; clean runs are cached per test-file set. */
export interface BugValidator {
  /**
   * Runs the candidate's tests on clean code (cached) and with the bug, classifies them,
   * keeps the candidate when at least one test goes from pass to fail, and (with `rerun`)
   * confirms that on a second run, dropping flaky tests.
   */
  validate(candidate: BugCandidate, options?: { readonly abortSignal?: AbortSignal }): Promise<BugValidation>;
}

function emptyValidation(candidateId: string, status: BugValidationStatus, reason: string, startedAt: number, extra: Partial<BugValidation> = {}): BugValidation {
  return {
    candidateId,
    status,
    reason,
    failToPass: [],
    passToPass: [],
    failToFail: [],
    passToFail: [],
    flaky: [],
    buggyOutputTail: '',
    timings: { cleanMs: 0, buggyMs: 0, totalMs: Date.now() - startedAt, cleanCached: false },
    ...extra,
  };
}

function tailOf(report: TestReport): string {
  return `${report.outputTail?.stdout ?? ''}\n${report.outputTail?.stderr ?? ''}`.trim();
}

/**
 * Makes the validator that every bug source shares (PR mirrors here, synthetic bugs, any
 * other generator): given a {@link BugCandidate} (clean snapshot in an environment + bug
 * patch + candidate tests + origin), it runs the tests on the clean code and with the bug in
 * fresh sandboxes, classifies FAIL_TO_PASS / PASS_TO_PASS / FAIL_TO_FAIL / PASS_TO_FAIL
 * (a test missing from the buggy run counts as failed), keeps the candidate with at least
 * one FAIL_TO_PASS, and re-runs both sides once to drop flaky tests. Clean runs are cached
 * per image and test-file set, shared by concurrent calls. Runs stop at the timeout.
 *
 * @example
 * ```ts
 * const validator = createBugValidator({ environment: build });
 * const result = await validator.validate({ id: 'calc.bug-1', repo: 'acme/calc', snapshot, bugPatch, testFiles: ['tests/test_core.py'], origin: { type: 'synthetic', strategy: 'manual' } });
 * if (result.status === 'valid') console.log(result.failToPass);
 * ```
 */
export function createBugValidator(options: BugValidatorOptions): BugValidator {
  const timeoutSeconds = options.timeoutSeconds ?? 600;
  const slowdownFactor = options.slowdownFactor ?? 10;
  const minimumTimeoutMs = (options.minimumTimeoutSeconds ?? 120) * 1000;
  const rerun = options.rerun ?? true;
  const image = options.environment.environment.image;
  if (options.runTests === undefined && image === undefined) {
    throw new InvalidArgumentError({ argument: 'environment', message: 'environment.environment.image: the environment has no image; build it with buildEnvironment() first.' });
  }
  const runTests: RunBugTests =
    options.runTests ??
    ((request) =>
      runEnvironmentTests({
        environment: options.environment.environment,
        testSpec: options.environment.testSpec,
        selection: request.selection,
        timeoutSeconds: request.timeoutSeconds,
        taskId: request.taskId,
        ...(request.patch === undefined ? {} : { patch: request.patch }),
        ...(options.sandbox ? { sandbox: options.sandbox } : {}),
        ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      }));
  const cleanCache = new Map<string, Promise<{ report: TestReport; durationMs: number }>>();

  const timed = async (candidateId: string, kind: BugValidatorRun['kind'], run: () => Promise<TestReport>) => {
    const started = Date.now();
    const report = await run();
    const durationMs = Date.now() - started;
    options.onRun?.({ candidateId, kind, durationMs, report });
    return { report, durationMs };
  };

  const clean = (candidateId: string, files: readonly string[], round: 1 | 2, abortSignal?: AbortSignal) => {
    const key = JSON.stringify([image ?? '', round, files]);
    let cached = true;
    let entry = cleanCache.get(key);
    if (entry === undefined) {
      cached = false;
      entry = timed(candidateId, round === 1 ? 'clean' : 'clean-rerun', () =>
        runTests({ selection: { mode: 'files', files: [...files] }, taskId: `${candidateId}.clean`, timeoutSeconds, ...(abortSignal ? { abortSignal } : {}) }),
      );
      cleanCache.set(key, entry);
      // A failed or aborted clean run is not kept: the next candidate tries again.
      entry.catch(() => cleanCache.delete(key));
    }
    return entry.then((value) => ({ ...value, cached }));
  };

  return {
    async validate(candidate, { abortSignal } = {}) {
      const startedAt = Date.now();
      const touched = readPatchFiles(candidate.bugPatch);
      if (touched.length === 0) return emptyValidation(candidate.id, 'patch-does-not-apply', 'the bug patch changes no file', startedAt);
      const testFile = touched.find((file) => isTestPath(file.path) || (file.oldPath !== undefined && isTestPath(file.oldPath)));
      if (testFile) return emptyValidation(candidate.id, 'touches-tests', `the bug patch changes the test file ${testFile.path}`, startedAt);
      const files = [...new Set(candidate.testFiles)].sort();
      if (files.length === 0) return emptyValidation(candidate.id, 'no-tests', 'no candidate tests', startedAt);

      let slowAfterMs: number | undefined;
      /** A buggy run, stopped once the clean run's time says it is hanging (see `slowdownFactor`). */
      const buggyRun = async (kind: 'buggy' | 'buggy-rerun', cleanDone: Promise<{ durationMs: number }>) => {
        const controller = new AbortController();
        const signal = abortSignal ? AbortSignal.any([abortSignal, controller.signal]) : controller.signal;
        const startedAt = Date.now();
        let timer: NodeJS.Timeout | undefined;
        let finished = false;
        cleanDone.then(
          ({ durationMs }) => {
            const limit = Math.max(minimumTimeoutMs, slowdownFactor * durationMs);
            // A buggy run that ended before the clean one needs no limit; a timer started now would only keep the process alive for minutes.
            if (finished || limit >= timeoutSeconds * 1000) return;
            timer = setTimeout(() => {
              slowAfterMs = limit;
              controller.abort(new Error('slower than the clean run allows'));
            }, Math.max(0, limit - (Date.now() - startedAt)));
          },
          () => undefined,
        );
        try {
          return await timed(candidate.id, kind, () => runTests({ selection: { mode: 'files', files }, patch: candidate.bugPatch, taskId: candidate.id, timeoutSeconds, abortSignal: signal }));
        } finally {
          finished = true;
          clearTimeout(timer);
        }
      };
      const slow = () => emptyValidation(candidate.id, 'timed-out', `the buggy run took over ${Math.round((slowAfterMs ?? 0) / 1000)} s (${slowdownFactor}x its clean run, at least ${minimumTimeoutMs / 1000} s) and was stopped`, startedAt);
      const cleanPromise = clean(candidate.id, files, 1, abortSignal);
      const [cleanFirst, buggyFirst] = await Promise.allSettled([cleanPromise, buggyRun('buggy', cleanPromise)]);
      abortSignal?.throwIfAborted();
      if (slowAfterMs !== undefined) return slow();
      if (buggyFirst.status === 'rejected') {
        const error = buggyFirst.reason as unknown;
        if (error instanceof InvalidArgumentError && error.argument === 'patch') return emptyValidation(candidate.id, 'patch-does-not-apply', error.message, startedAt);
        throw error;
      }
      if (cleanFirst.status === 'rejected') throw cleanFirst.reason;
      let cleanMs = cleanFirst.value.cached ? 0 : cleanFirst.value.durationMs;
      let buggyMs = buggyFirst.value.durationMs;
      const cleanCached = cleanFirst.value.cached;
      const cleanReport = cleanFirst.value.report;
      const buggyReport = buggyFirst.value.report;
      const extra = () => ({ buggyOutputTail: tailOf(buggyReport), timings: { cleanMs, buggyMs, totalMs: Date.now() - startedAt, cleanCached } });
      if (cleanReport.timedOut || cleanReport.tests.length === 0) {
        return emptyValidation(candidate.id, 'clean-run-failed', cleanReport.timedOut ? `the clean run timed out after ${timeoutSeconds} s` : 'the clean run found no tests', startedAt, extra());
      }
      if (buggyReport.timedOut) return emptyValidation(candidate.id, 'timed-out', `the buggy run timed out after ${timeoutSeconds} s`, startedAt, extra());
      const first = classifyTestOutcomes(cleanReport, buggyReport);
      if (first.failToPass.length === 0) return { ...emptyValidation(candidate.id, 'no-fail-to-pass', 'no test passes on clean code and fails with the bug', startedAt), ...first, ...extra() };
      if (!rerun) return { candidateId: candidate.id, status: 'valid', ...first, flaky: [], ...extra() };

      const [cleanAgain, buggyAgain] = await Promise.allSettled([clean(candidate.id, files, 2, abortSignal), buggyRun('buggy-rerun', Promise.resolve(cleanFirst.value))]).then((results) => {
        abortSignal?.throwIfAborted();
        if (slowAfterMs !== undefined) return [undefined, undefined] as const;
        for (const result of results) if (result.status === 'rejected') throw result.reason;
        return results.map((result) => (result as PromiseFulfilledResult<{ report: TestReport; durationMs: number; cached?: boolean }>).value) as [{ report: TestReport; durationMs: number; cached: boolean }, { report: TestReport; durationMs: number }];
      });
      if (cleanAgain === undefined || buggyAgain === undefined) return slow();
      cleanMs += cleanAgain.cached ? 0 : cleanAgain.durationMs;
      buggyMs += buggyAgain.durationMs;
      if (buggyAgain.report.timedOut) return emptyValidation(candidate.id, 'timed-out', `the buggy re-run timed out after ${timeoutSeconds} s`, startedAt, extra());
      const second = classifyTestOutcomes(cleanAgain.report, buggyAgain.report);
      const confirmedFailToPass = new Set(second.failToPass);
      const confirmedPassToPass = new Set(second.passToPass);
      const failToPass = first.failToPass.filter((id) => confirmedFailToPass.has(id));
      const passToPass = first.passToPass.filter((id) => confirmedPassToPass.has(id));
      const flaky = [...first.failToPass.filter((id) => !confirmedFailToPass.has(id)), ...first.passToPass.filter((id) => !confirmedPassToPass.has(id))];
      if (failToPass.length === 0) return { ...emptyValidation(candidate.id, 'flaky', 'every FAIL_TO_PASS test changed outcome on the re-run', startedAt), ...first, failToPass: [], flaky, ...extra() };
      return { candidateId: candidate.id, status: 'valid', failToPass, passToPass, failToFail: first.failToFail, passToFail: first.passToFail, flaky, ...extra() };
    },
  };
}

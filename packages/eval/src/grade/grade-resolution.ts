import type { BugfixTask, FeatureTask, SandboxProviderV1, TestReport, TestSpec } from '@swespot/core';
import { applyPatch, runSpecInExecutor, shellQuote } from '@swespot/repo-sandbox';
import { readPatch } from '@swespot/test-repro';

/** A graded prediction: whether it resolves the instance, its score in [0, 1], the parts of the score, and why grading failed when it did. */
export interface PredictionGrade {
  /** SWE-bench FULL / TDD-Bench resolved; null for judged (QA) answers. */
  readonly resolved: boolean | null;
  readonly score: number;
  readonly scoreDetails?: Readonly<Record<string, number>>;
  /** Why the prediction could not be graded as asked (the patch did not apply, the tests did not run). */
  readonly error?: string;
}

/** Options of {@link gradeResolution}. */
export interface GradeResolutionOptions {
  /** The instance, its `environment.image` holding the repository at `snapshot.commit` and its `testSpec` running there. */
  readonly instance: BugfixTask | FeatureTask;
  /** The model's patch (`model_patch`); empty means the model handed in nothing. */
  readonly prediction: string;
  /** Where the tests run; every run gets a fresh session of the instance's image. */
  readonly sandbox: SandboxProviderV1;
  readonly abortSignal?: AbortSignal;
}

/**
 * The spec as the harness runs it: Django's `tests/runtests.py` takes dotted labels relative to
 * `tests/` (SWE-bench's test directives: `tests/forms_tests/tests.py` → `forms_tests.tests`),
 * not file paths.
 */
export function testSpecForRun(spec: TestSpec): TestSpec {
  if (spec.framework !== 'django' || spec.selection.mode !== 'files') return spec;
  const labels = spec.selection.files.filter((file) => file.endsWith('.py')).map((file) => file.replace(/^tests\//, '').replace(/\.py$/, '').replaceAll('/', '.'));
  return { ...spec, selection: { mode: 'tests', testIds: labels } };
}

/** Django and unittest print `name (module.Class)`, newer Pythons `name (module.Class.name)`: one form for both. */
function normaliseTestId(id: string): string {
  const match = /^(\S+) \(([\w.]+)\)$/.exec(id.trim());
  if (!match) return id.trim();
  const [, name, where] = match;
  return `${name} (${where!.endsWith(`.${name}`) ? where!.slice(0, -name!.length - 1) : where})`;
}

/**
 * SWE-bench's pytest log parser keeps a test id up to its first space, so a parametrized id
 * such as `test_x[a: str]` is listed in FAIL_TO_PASS as `test_x[a:`: the key that matches it.
 */
function sweBenchTruncated(id: string): string {
  return id.includes('::') ? id.split(' ')[0]! : id;
}

/** Every test's status in a report, by normalised id and by SWE-bench's truncated id (the worst when several tests share one). */
function statusesOf(report: TestReport): { exact: Map<string, string>; truncated: Map<string, string> } {
  const rank: Record<string, number> = { passed: 0, xfail: 1, skipped: 2, failed: 3, error: 4 };
  const exact = new Map<string, string>();
  const truncated = new Map<string, string>();
  const keep = (map: Map<string, string>, id: string, status: string) => {
    const before = map.get(id);
    if (before === undefined || (rank[status] ?? 0) > (rank[before] ?? 0)) map.set(id, status);
  };
  for (const test of report.tests) {
    const id = normaliseTestId(test.testId);
    keep(exact, id, test.status);
    keep(truncated, sweBenchTruncated(id), test.status);
  }
  return { exact, truncated };
}

/**
 * Grades an issue-resolution (SWE-bench Verified) or feature (FEA-Bench) prediction the way
 * their harnesses do: in a fresh sandbox of the instance's image, apply the prediction, put
 * the test files the test patch touches back to the base commit, apply the test patch, run
 * the instance's tests, and call it resolved when every FAIL_TO_PASS and every PASS_TO_PASS
 * test passed. A test missing from the log counts as failed. An empty prediction is graded
 * too (its FAIL_TO_PASS tests must then fail: the harness self-check).
 *
 * @example
 * ```ts
 * const grade = await gradeResolution({ instance, prediction: instance.goldPatch, sandbox: createDockerSandbox() });
 * grade.resolved; // true for a sound instance
 * ```
 */
export async function gradeResolution(options: GradeResolutionOptions): Promise<PredictionGrade> {
  const { instance, prediction, sandbox, abortSignal } = options;
  const session = await sandbox.createSession({
    ...(sandbox.capabilities.containerImages && instance.environment.image ? { image: instance.environment.image } : {}),
    labels: { 'swespot.task-id': instance.id, 'swespot.stage': 'eval-grade' },
    ...(abortSignal ? { abortSignal } : {}),
  });
  try {
    if (prediction.trim() !== '') {
      const applied = await applyPatch({ executor: session, patch: prediction, ...(abortSignal ? { abortSignal } : {}) });
      if (!applied.applied) {
        return { resolved: false, score: 0, error: `the prediction does not apply: ${applied.attempts.map((attempt) => `${attempt.method}: ${attempt.output.trim().split('\n')[0] ?? ''}`).join('; ')}` };
      }
    }
    if (instance.testPatch.trim() !== '') {
      // As SWE-bench: the test files go back to the base commit (undoing the model's edits to them) before the test patch.
      const files = readPatch(instance.testPatch).map((file) => file.path);
      const reset = files.map((file) => `{ git checkout -q HEAD -- ${shellQuote(file)} 2>/dev/null || rm -f -- ${shellQuote(file)}; }`).join('; ');
      if (reset) await session.exec({ command: reset, ...(abortSignal ? { abortSignal } : {}) });
      const applied = await applyPatch({ executor: session, patch: instance.testPatch, ...(abortSignal ? { abortSignal } : {}) });
      if (!applied.applied) return { resolved: false, score: 0, error: `the instance's test patch does not apply after the prediction: ${applied.attempts.map((attempt) => attempt.output.trim().split('\n')[0] ?? '').join('; ')}` };
    }
    const run = await runSpecInExecutor(session.restricted(), testSpecForRun(instance.testSpec), { taskId: instance.id, ...(abortSignal ? { abortSignal } : {}) });
    const statuses = statusesOf(run.report);
    const statusOf = (id: string) => statuses.exact.get(normaliseTestId(id)) ?? statuses.truncated.get(normaliseTestId(id));
    const passed = (ids: readonly string[]) => ids.filter((id) => statusOf(id) === 'passed').length;
    const failToPass = passed(instance.failToPass);
    const passToPass = passed(instance.passToPass);
    const resolved = failToPass === instance.failToPass.length && passToPass === instance.passToPass.length;
    return {
      resolved,
      score: resolved ? 1 : 0,
      scoreDetails: { failToPassPassed: failToPass, failToPass: instance.failToPass.length, passToPassPassed: passToPass, passToPass: instance.passToPass.length, testsReported: run.report.tests.length },
      ...(run.report.tests.length === 0 ? { error: `the tests reported nothing (exit ${run.report.exitCode}${run.report.timedOut ? ', timed out' : ''})` } : {}),
    };
  } finally {
    await session.destroy();
  }
}

import {
  parseWithSchema,
  TDD_BENCH_COVERAGE_EXEMPT,
  testReproTaskSchema,
  type BugfixTask,
  type Generator,
  type TestReproTask,
} from '@swespot/core';
import { isTestPath } from '../patch/is-test-path';
import { readPatch } from '../patch/read-patch';
import { VERSION } from '../version';
import { hideTests } from './hide-tests';

/** Options of {@link buildReproTask}. */
export interface BuildReproTaskOptions {
  /** The validated bugfix instance whose bug the task reuses. */
  readonly bugfix: BugfixTask;
  /**
   * Reads a file of the bugfix's snapshot (`snapshot.commit`), undefined when absent. Needed
   * only for bugs whose failing tests already sit in the snapshot (`testPatch` empty: PR
   * mirrors, synthetic bugs), to hide them. Default: none (such tests stay visible).
   */
  readonly readSnapshotFile?: (path: string) => Promise<string | undefined>;
  /** Hide FAIL_TO_PASS tests that sit in the snapshot. Default: true (when `readSnapshotFile` is given). */
  readonly hideTests?: boolean;
  /**
   * Weigh the score by coverage (TDD-Bench's rule, so resolving needs coverage > 0). Default:
   * true, except for TDD-Bench's exempt repositories (sympy/sympy).
   */
  readonly weighByCoverage?: boolean;
  /** `provenance.createdAt`. Default: now. */
  readonly createdAt?: string;
  /** `provenance.generator`. Default: `@swespot/test-repro` at its version. */
  readonly generator?: Generator;
}

/** What {@link buildReproTask} made, with what it hid. */
export interface BuiltReproTask {
  readonly task: TestReproTask;
  /** FAIL_TO_PASS tests removed from the agent's snapshot (their restoring diff is `task.testPatch`). */
  readonly hiddenTests: readonly string[];
  /** FAIL_TO_PASS tests left visible in the snapshot, with why. */
  readonly visibleTests: readonly { readonly id: string; readonly reason: string }[];
}

/** The id of the reproduction task made from a bugfix task: `<bugfix id>.test-repro`. */
export function reproTaskIdOf(bugfixId: string): string {
  return `${bugfixId}.test-repro`;
}

/**
 * The reproduction-test task (RCX unit 4, Semantic-Runtime Alignment; paper §2 and B.4) of
 * a validated bugfix instance: the same bug and problem statement, but the agent writes
 * tests that fail on the buggy code and pass once it is fixed, inside the repository's own
 * test framework (the agent's `test-repro` prompt gives the workflow; `testFiles` names the
 * test files the bug's own tests live in).
 *
 * - The buggy state is the bugfix's: `snapshot.commit` with `bugPatch` applied.
 * - `testPatch` is the golden reproduction test patch: the bugfix's own `testPatch` when it
 *   has one (SWE-bench rows: the tests are not in the snapshot). When it has none (PR mirrors
 *   and synthetic bugs: the FAIL_TO_PASS tests already sit in the snapshot), those tests are
 *   hidden (removed by an extra diff appended to `bugPatch`) and `testPatch` restores them,
 *   so the agent cannot copy them and the gold tests can be graded like any patch.
 * - `grading`: TDD-Bench's rule (any added test fails before, all pass after), weighed by
 *   coverage except for TDD-Bench's exempt repositories.
 *
 * Validated with core's `testReproTaskSchema`.
 *
 * @example
 * ```ts
 * const { task, hiddenTests } = await buildReproTask({ bugfix, readSnapshotFile: (path) => readFile(join(snapshot, path), 'utf8').catch(() => undefined) });
 * ```
 */
export async function buildReproTask(options: BuildReproTaskOptions): Promise<BuiltReproTask> {
  const { bugfix } = options;
  let bugPatch = bugfix.bugPatch;
  let testPatch = bugfix.testPatch;
  let hiddenTests: readonly string[] = [];
  let visibleTests: { id: string; reason: string }[] = [];
  if (testPatch.trim() === '') {
    if (options.readSnapshotFile === undefined || options.hideTests === false) {
      const reason = options.hideTests === false ? 'hiding was turned off' : 'no snapshot reader was given';
      visibleTests = bugfix.failToPass.map((id) => ({ id, reason }));
    } else {
      const selection = bugfix.testSpec.selection;
      const candidateFiles = selection.mode === 'files' ? selection.files : selection.mode === 'tests' ? selection.testIds.map((id) => id.split('::')[0]!).filter(isTestPath) : [];
      const bugFiles = new Set(bugPatch === undefined ? [] : readPatch(bugPatch, 'bugfix.bugPatch').map((file) => file.path));
      const hidden = await hideTests({ testIds: bugfix.failToPass, framework: bugfix.testSpec.framework, candidateFiles, readFile: options.readSnapshotFile, avoidFiles: bugFiles });
      hiddenTests = hidden.hidden;
      visibleTests = [...hidden.visible];
      if (hidden.hidePatch !== '') {
        bugPatch = bugPatch === undefined ? hidden.hidePatch : `${bugPatch.endsWith('\n') ? bugPatch : `${bugPatch}\n`}${hidden.hidePatch}`;
        testPatch = hidden.restorePatch;
      }
    }
  }
  const testFiles = [...new Set(readPatch(testPatch, 'testPatch').map((file) => file.path))];
  const task = {
    schemaVersion: 1,
    id: reproTaskIdOf(bugfix.id),
    kind: 'test-repro',
    repo: bugfix.repo,
    snapshot: bugfix.snapshot,
    environment: bugfix.environment,
    testSpec: bugfix.testSpec,
    provenance: {
      source: bugfix.provenance.source,
      ...(bugfix.provenance.origin === undefined ? {} : { origin: bugfix.provenance.origin }),
      generator: options.generator ?? { name: '@swespot/test-repro', version: VERSION },
      createdAt: options.createdAt ?? new Date().toISOString(),
    },
    seed: bugfix.seed,
    ...(bugfix.split === undefined ? {} : { split: bugfix.split }),
    ...(bugfix.difficulty === undefined ? {} : { difficulty: bugfix.difficulty }),
    problemStatement: bugfix.problemStatement,
    ...(bugfix.problemStatementOrigin === undefined ? {} : { problemStatementOrigin: bugfix.problemStatementOrigin }),
    goldPatch: bugfix.goldPatch,
    testPatch,
    ...(bugfix.hints === undefined ? {} : { hints: bugfix.hints }),
    ...(bugfix.hintLocations === undefined ? {} : { hintLocations: bugfix.hintLocations }),
    ...(bugfix.createdAt === undefined ? {} : { createdAt: bugfix.createdAt }),
    ...(bugfix.version === undefined ? {} : { version: bugfix.version }),
    ...(bugfix.environmentSetupCommit === undefined ? {} : { environmentSetupCommit: bugfix.environmentSetupCommit }),
    ...(bugfix.prNumber === undefined ? {} : { prNumber: bugfix.prNumber }),
    ...(bugfix.linkedIssues === undefined ? {} : { linkedIssues: bugfix.linkedIssues }),
    testFiles,
    grading: { failBefore: 'any', passAfter: 'all', weighByCoverage: options.weighByCoverage ?? !TDD_BENCH_COVERAGE_EXEMPT.has(bugfix.repo) },
    ...(bugPatch === undefined ? {} : { bugPatch }),
    bugfixTaskId: bugfix.id,
    failToPass: bugfix.failToPass,
    passToPass: bugfix.passToPass,
    metadata: {
      bugOrigin: bugfix.bugOrigin,
      hiddenTests: [...hiddenTests],
      visibleTests: visibleTests.map((entry) => ({ ...entry })),
    },
  };
  return { task: parseWithSchema(testReproTaskSchema, task, { schema: 'TestReproTask' }), hiddenTests, visibleTests };
}

import { bugfixTaskSchema, parseWithSchema, type BugfixTask, type EnvironmentBuild, type Generator } from '@swespot/core';
import { taskEnvironmentOf } from '@swespot/repo-sandbox';
import { reverseUnifiedDiff } from '../diff/patch-files';
import type { WrittenProblemStatement } from '../problem-statement/write-problem-statement';
import type { BugCandidate } from '../validate/bug-candidate';
import type { BugValidation } from '../validate/create-bug-validator';
import { VERSION } from '../version';

/** Options of {@link toBugfixTask}. */
export interface ToBugfixTaskOptions {
  readonly candidate: BugCandidate;
  /** A `valid` validation of the candidate. */
  readonly validation: BugValidation;
  readonly problemStatement: WrittenProblemStatement;
  /** The environment the candidate was validated in. */
  readonly environment: Pick<EnvironmentBuild, 'environment' | 'testSpec'>;
  /** Who made the record. Default: `@swespot/pr-mirror` and its version. */
  readonly generator?: Generator;
  /** When the record is made. Default: now. */
  readonly createdAt?: string;
}

/**
 * Builds the `bugfix` TaskInstance of a validated candidate, checked with core's
 * `bugfixTaskSchema`: the snapshot plus `bugPatch` is the task's repository, `goldPatch` (the
 * bug patch reversed) fixes it, the test spec runs the candidate's test files, and metadata
 * keeps FAIL_TO_FAIL / PASS_TO_FAIL, flaky tests, why each test file was chosen and timings.
 * Write it with core's `toSweBenchRow` or {@link toSweSmithRow}.
 */
export function toBugfixTask(options: ToBugfixTaskOptions): BugfixTask {
  const { candidate, validation, problemStatement } = options;
  const { environment, testSpec } = taskEnvironmentOf(options.environment, { mode: 'files', files: [...new Set(candidate.testFiles)].sort() });
  const context = candidate.context ?? {};
  const prNumber = candidate.origin.type === 'pr-mirror' ? candidate.origin.prNumber : context.prNumber;
  const draft = {
    schemaVersion: 1,
    kind: 'bugfix',
    id: candidate.id,
    repo: candidate.repo,
    snapshot: candidate.snapshot,
    environment,
    testSpec,
    provenance: {
      source: candidate.origin.type === 'synthetic' ? 'synthetic' : 'pr-mirror',
      ...(prNumber === undefined ? {} : { origin: `pull request #${prNumber}` }),
      generator: options.generator ?? { name: '@swespot/pr-mirror', version: VERSION },
      createdAt: options.createdAt ?? new Date().toISOString(),
    },
    seed: candidate.seed ?? 0,
    problemStatement: problemStatement.text,
    problemStatementOrigin: problemStatement.origin,
    goldPatch: reverseUnifiedDiff(candidate.bugPatch),
    testPatch: '',
    ...(context.createdAt === undefined ? {} : { createdAt: context.createdAt }),
    ...(prNumber === undefined ? {} : { prNumber }),
    ...(context.linkedIssues === undefined || context.linkedIssues.length === 0 ? {} : { linkedIssues: context.linkedIssues }),
    failToPass: validation.failToPass,
    passToPass: validation.passToPass,
    bugOrigin: candidate.origin,
    bugPatch: candidate.bugPatch,
    metadata: {
      ...(candidate.metadata ?? {}),
      validation: {
        failToFail: validation.failToFail,
        passToFail: validation.passToFail,
        flaky: validation.flaky,
        timings: validation.timings,
      },
      testFiles: [...new Set(candidate.testFiles)].sort().map((path) => ({ path, reason: candidate.testReasons?.[path] ?? 'given' })),
      problemStatement: { attempts: problemStatement.attempts, rejectedLeaks: problemStatement.rejected.length },
      ...(context.prTestPatch ? { prTestPatch: context.prTestPatch } : {}),
    },
  };
  return parseWithSchema(bugfixTaskSchema, JSON.parse(JSON.stringify(draft)), { schema: 'BugfixTask' });
}

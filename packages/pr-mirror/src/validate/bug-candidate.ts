import type { BugOrigin, LinkedIssue } from '@swespot/core';

/** Text about a bug's origin that problem statements and records use; all optional. */
export interface BugContext {
  /** The pull request whose change the bug undoes. */
  readonly prNumber?: number;
  /** The PR's (or the bug generator's) title, e.g. `Raise ValueError on division by zero`. */
  readonly title?: string;
  /** The PR's description or commit message. */
  readonly body?: string;
  readonly linkedIssues?: readonly LinkedIssue[];
  /** The text of linked issues (GitHub enrichment); the first becomes the problem statement when it does not leak. */
  readonly issueTexts?: readonly { readonly number: number; readonly title: string; readonly body: string }[];
  /** The PR's own test changes, kept as the record's `testPatch` is not (the tests are in the snapshot). */
  readonly prTestPatch?: string;
  /** When the PR was merged (or the bug made). */
  readonly createdAt?: string;
}

/**
 * A bug to validate. The clean code is the environment's snapshot (the image built by
 * `buildEnvironment` holds it at its working directory); `bugPatch` turns it buggy.
 * PR mirrors and synthetic bugs (any generator) build one of these and hand it to
 * `createBugValidator` / `validateBugCandidates`.
 */
export interface BugCandidate {
  /** The instance id, stable across runs (the output file skips ids it already has), e.g. `pallets__click.pr-mirror.2401`. */
  readonly id: string;
  /** The repository as owner/name. */
  readonly repo: string;
  /** The clean snapshot's commit and the knowledge cutoff. */
  readonly snapshot: { readonly commit: string; readonly cutoff: string };
  /** Unified diff, clean → buggy, source files only (never a test file). */
  readonly bugPatch: string;
  /** Test files to run on the clean and the buggy code (relative to the working directory). */
  readonly testFiles: readonly string[];
  /** Why each test file was chosen (e.g. `pr-test-file`), recorded on the instance. */
  readonly testReasons?: Readonly<Record<string, string>>;
  /** How the bug came to be: core's `BugOrigin` (`pr-mirror` with the PR number, or `synthetic` with the strategy). */
  readonly origin: BugOrigin;
  /** The seed that made the candidate. Default: 0. */
  readonly seed?: number;
  readonly context?: BugContext;
  /** Free-form JSON kept in the instance's metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

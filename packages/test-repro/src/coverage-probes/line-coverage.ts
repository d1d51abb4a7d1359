import type { SandboxExecutorV1 } from '@swespot/core';

/** Lines of one file to measure. */
export interface LinesToMeasure {
  /** File relative to the working directory. */
  readonly path: string;
  readonly lines: readonly number[];
}

/** What a coverage tool says about the asked lines of one file. */
export interface MeasuredLines {
  readonly path: string;
  readonly covered: readonly number[];
  readonly missed: readonly number[];
  /** Lines with no statement of their own (a comment inside a call, a closing bracket). */
  readonly notExecutable: readonly number[];
}

/** Why coverage could not be measured in a run. */
export interface CoverageUnavailable {
  readonly available: false;
  readonly reason: string;
}

/**
 * One coverage tool driven inside a sandbox around one test run: `prepare` sets it up in
 * the fresh sandbox (and says when it cannot), `env` is added to the test command, and
 * `measure` reads what the run executed.
 */
export interface CoverageProbe {
  readonly tool: 'coverage.py' | 'v8';
  prepare(executor: SandboxExecutorV1, files: readonly LinesToMeasure[], abortSignal?: AbortSignal): Promise<{ readonly available: true; readonly env: Readonly<Record<string, string>> } | CoverageUnavailable>;
  measure(executor: SandboxExecutorV1, files: readonly LinesToMeasure[], abortSignal?: AbortSignal): Promise<MeasuredLines[]>;
}

/** Where coverage data lives inside a sandbox during a graded run. */
export const COVERAGE_FOLDER = '/tmp/swespot-coverage';

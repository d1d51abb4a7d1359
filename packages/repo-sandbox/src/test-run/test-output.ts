import type { RunnerSummary, TestResult, TestStatus } from '@swespot/core';

/** What a parser reads: the test command's output and exit code. */
export interface TestOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/** What a parser finds: per-test results and the runner's own summary counts. */
export interface ParsedTestOutput {
  /** Per-test results in output order, one per test id. */
  readonly tests: readonly TestResult[];
  /** The counts the runner printed in its summary, or null when it printed none. */
  readonly summary: RunnerSummary | null;
}

/** Reads a runner's output into per-test results and its summary. Pure: no I/O. */
export type TestOutputParser = (output: TestOutput) => ParsedTestOutput;

const SEVERITY: Record<TestStatus, number> = { passed: 0, xfail: 1, skipped: 2, failed: 3, error: 4 };

/** Removes ANSI colour and cursor sequences. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/**
 * Collects results by id, keeping the first position of each id and the WORST status seen
 * for it: a line printed by the code under test that claims a pass for a failing test cannot
 * override the runner's own failure line.
 */
export class TestResultCollector {
  private readonly byId = new Map<string, TestResult>();

  add(result: TestResult): void {
    const known = this.byId.get(result.testId);
    if (!known || SEVERITY[result.status] > SEVERITY[known.status]) {
      const merged: TestResult = { ...known, ...result };
      this.byId.set(result.testId, merged);
    }
  }

  results(): TestResult[] {
    return [...this.byId.values()];
  }
}

/** Milliseconds from a duration text such as `12ms`, `0.5s`, `1.2 s`. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /([\d.]+)\s*(ms|s)\b/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? Math.round(match[2] === 's' ? value * 1000 : value) : undefined;
}

/** A summary with every count given (zero where the runner did not say). */
export function summaryOf(counts: Partial<RunnerSummary>): RunnerSummary {
  return {
    passed: counts.passed ?? 0,
    failed: counts.failed ?? 0,
    errors: counts.errors ?? 0,
    skipped: counts.skipped ?? 0,
    xfailed: counts.xfailed ?? 0,
    ...(counts.total === undefined ? {} : { total: counts.total }),
  };
}

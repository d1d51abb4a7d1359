import type { TestStatus } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const STATUS: Record<string, TestStatus> = { ok: 'passed', FAILED: 'failed', ignored: 'skipped' };

/**
 * Parses `cargo test` (best with `--no-fail-fast`, so every test binary runs). Results are
 * the `test path::name ... ok|FAILED|ignored` lines before each binary's
 * `test result: ... N passed; N failed; N ignored` line; captured output of failing tests
 * comes after the results and is never read as results. The summary sums the binaries.
 * A target that does not compile (`error: could not compile `crate` (test "x")`) is one
 * `error` result named after it; Rust has no per-test error state besides that.
 */
export function parseCargoOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stdout}\n${output.stderr}`).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  const totals = { passed: 0, failed: 0, skipped: 0 };
  let sawResult = false;
  let inResults = false;
  for (const line of lines) {
    if (/^running \d+ tests?$/.test(line)) {
      inResults = true;
      continue;
    }
    if (/^failures:$/.test(line)) inResults = false;
    const result = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored;/.exec(line);
    if (result) {
      sawResult = true;
      inResults = false;
      totals.passed += Number(result[1]);
      totals.failed += Number(result[2]);
      totals.skipped += Number(result[3]);
      continue;
    }
    const broken = /^error: could not compile `([^`]+)`(?: \(([^)]*)\))?/.exec(line);
    if (broken) {
      collector.add({ testId: broken[2] ? `${broken[1]} (${broken[2]})` : broken[1]!, status: 'error' });
      continue;
    }
    if (!inResults) continue;
    const test = /^test (\S+)(?: - should panic)? \.\.\. (ok|FAILED|ignored)(?:, (.*))?$/.exec(line);
    if (test) collector.add({ testId: test[1]!, status: STATUS[test[2]!]!, message: test[3] });
  }
  const errors = collector.results().filter((result) => result.status === 'error').length;
  return { tests: collector.results(), summary: sawResult || errors > 0 ? summaryOf({ ...totals, errors }) : null };
}

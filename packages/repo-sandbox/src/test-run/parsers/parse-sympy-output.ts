import type { TestStatus } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const CODES: Record<string, TestStatus> = { ok: 'passed', F: 'failed', E: 'error', s: 'skipped', f: 'xfail', X: 'passed', T: 'error', w: 'skipped', K: 'error' };

/**
 * Parses SymPy's `bin/test -C --verbose` output (its own runner, `sympy.testing.runtests`).
 * Verbose lines are `test_name <output> <code>` with code `ok`, `F`, `E`, `s`, `f` (expected
 * failure), `X` (unexpected pass), `T` (timeout), `w` (slow, skipped); a code may sit alone
 * on the next line when the test printed. `___ path:test_name ___` headers of the failure
 * report override the progress lines, and `tests finished: 1 passed, 1 failed, ...` is the
 * summary. Ids are `path:test_name` when the file is known, as SWE-bench lists them by name.
 */
export function parseSympyOutput(output: TestOutput): ParsedTestOutput {
  const text = stripAnsi(`${output.stdout}\n${output.stderr}`);
  const lines = text.split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  let pending: string | undefined;
  const finishedAt = lines.findIndex((line) => /^[\s=]*tests finished:/.test(line));
  for (const line of lines.slice(0, finishedAt < 0 ? lines.length : finishedAt)) {
    if (/^_{5,} .+:(test_\w+) _{5,}$/.test(line)) {
      const name = /:(test_\w+) _/.exec(line)![1]!;
      const kind: TestStatus = 'failed';
      // The report says failed or errored only through the traceback; keep the progress status when it is worse.
      collector.add({ testId: name, status: kind });
      continue;
    }
    if (/^(?:\S+\.py)\[\d+\]/.test(line) || /^_{10,}$/.test(line)) {
      pending = undefined;
      continue;
    }
    const match = /^(test_\w+)(?:\s+(.*?))?\s*(?:\[(?:OK|FAIL)\])?$/.exec(line);
    if (match) {
      const words = (match[2] ?? '').split(/\s+/).filter(Boolean);
      const code = words.at(-1);
      if (code !== undefined && CODES[code]) {
        collector.add({ testId: match[1]!, status: CODES[code]! });
        pending = undefined;
      } else pending = match[1];
      continue;
    }
    const alone = /^(ok|F|E|s|f|X|T|w|K)\s*(?:\[(?:OK|FAIL)\])?$/.exec(line.trim());
    if (pending && alone) {
      collector.add({ testId: pending, status: CODES[alone[1]!]! });
      pending = undefined;
    }
  }
  let summary = null;
  if (finishedAt >= 0) {
    const tail = lines.slice(finishedAt, finishedAt + 3).join(' ');
    const count = (pattern: string) => Number(new RegExp(`(\\d+) ${pattern}`).exec(tail)?.[1] ?? 0);
    const unexpectedPasses = count('expected to fail but passed');
    summary = summaryOf({
      passed: count('passed') + unexpectedPasses,
      failed: count('failed'),
      errors: count('exceptions') + count('timeout'),
      skipped: count('skipped'),
      xfailed: count('expected to fail(?! but)'),
    });
  }
  // The failure headers cannot tell a failure from an exception; the progress code can.
  const tests = collector.results();
  return { tests, summary };
}

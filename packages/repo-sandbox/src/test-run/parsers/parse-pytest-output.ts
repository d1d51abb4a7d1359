import type { RunnerSummary } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const STATUS = { PASSED: 'passed', XPASS: 'passed', FAILED: 'failed', ERROR: 'error', SKIPPED: 'skipped', XFAIL: 'xfail' } as const;
const SUMMARY_LINE = /^=+ (.*\d+ (?:passed|failed|skipped|xfailed|xpassed|errors?|deselected|warnings?|rerun)\b.*) in [\d.]+s(?: \([^)]*\))? =+$/;
const NO_TESTS_LINE = /^=+ no tests ran in [\d.]+s =+$/;

/** Reads pytest's final `=== 2 failed, 3 passed in 0.1s ===` line. */
function parseSummary(line: string): RunnerSummary {
  const counts: Record<string, number> = {};
  for (const match of line.matchAll(/(\d+) (passed|failed|skipped|xfailed|xpassed|errors?)/g)) counts[match[2]!] = Number(match[1]);
  return summaryOf({
    passed: (counts.passed ?? 0) + (counts.xpassed ?? 0),
    failed: counts.failed ?? 0,
    errors: (counts.error ?? 0) + (counts.errors ?? 0),
    skipped: counts.skipped ?? 0,
    xfailed: counts.xfailed ?? 0,
  });
}

/**
 * Parses pytest output run with `-rA` (SWE-bench's `pytest -rA --tb=no -p no:cacheprovider`).
 * Only the LAST `short test summary info` section counts, and only when it ends at pytest's
 * final count line: text a test prints lands in the captured-output sections above it, so a
 * printed `PASSED x` line is never read as a result. Skips without an id (`SKIPPED [2]
 * file.py:12: reason`) become ids `file.py:12` (with `#2`, `#3` for repeats).
 * Verbose lines (`path::name PASSED`, with `-v`) fill in ids when there is no summary section.
 */
export function parsePytestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stdout}\n${output.stderr}`).split('\n').map((line) => line.trimEnd());
  let summaryIndex = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (SUMMARY_LINE.test(lines[index]!) || NO_TESTS_LINE.test(lines[index]!)) {
      summaryIndex = index;
      break;
    }
  }
  const summary = summaryIndex >= 0 && SUMMARY_LINE.test(lines[summaryIndex]!) ? parseSummary(lines[summaryIndex]!) : summaryIndex >= 0 ? summaryOf({}) : null;
  const collector = new TestResultCollector();
  let sectionStart = -1;
  for (let index = summaryIndex - 1; index >= 0; index--) {
    if (/^=+ short test summary info =+$/.test(lines[index]!)) {
      sectionStart = index;
      break;
    }
    // Another section header in between means the summary section is not the last one.
    if (/^=+ .* =+$/.test(lines[index]!)) break;
  }
  if (sectionStart >= 0) {
    for (const line of lines.slice(sectionStart + 1, summaryIndex)) {
      const skip = /^SKIPPED \[(\d+)\] (\S+?:\d+): ?(.*)$/.exec(line);
      if (skip) {
        const repeats = Number(skip[1]);
        for (let copy = 1; copy <= repeats; copy++) {
          collector.add({ testId: copy === 1 ? skip[2]! : `${skip[2]}#${copy}`, status: 'skipped', message: skip[3] || undefined });
        }
        continue;
      }
      const match = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+)(?: - (.*))?$/.exec(line);
      if (match) collector.add({ testId: match[2]!, status: STATUS[match[1] as keyof typeof STATUS], message: match[3]?.slice(0, 500) });
    }
  } else if (summaryIndex >= 0) {
    for (const line of lines.slice(0, summaryIndex)) {
      const match = /^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)(?: |$)/.exec(line);
      if (match) collector.add({ testId: match[1]!, status: STATUS[match[2] as keyof typeof STATUS] });
    }
  }
  return { tests: collector.results(), summary };
}

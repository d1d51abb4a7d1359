import type { TestStatus } from '@swespot/core';
import { parseDuration, stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const MARKS: Record<string, TestStatus> = { '✓': 'passed', '×': 'failed', '↓': 'skipped', '□': 'skipped' };

/**
 * Parses Vitest's verbose reporter (`vitest run --reporter=verbose`): lines
 * `✓ file > describe > test 3ms`, `× ...`, `↓ ...` (skipped) and `□ ...` (todo), with the
 * id as printed (`file > describe > test`). A file that failed to load (`FAIL file [ file ]`
 * in the Failed Suites block) is one `error` result. The last `Tests  2 failed | 3 passed (5)`
 * line is the summary.
 */
export function parseVitestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stdout}\n${output.stderr}`).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  let inFailedSuites = false;
  for (const line of lines) {
    if (/Failed Suites \d+/.test(line)) inFailedSuites = true;
    else if (/Failed Tests \d+/.test(line)) inFailedSuites = false;
    const broken = /^ FAIL {1,2}(\S+) \[ \1 \]$/.exec(line);
    if (broken && inFailedSuites) {
      collector.add({ testId: broken[1]!, status: 'error' });
      continue;
    }
    const test = /^ {1,3}([✓×↓□]) (\S+ > .*?)(?: (\d+(?:\.\d+)?m?s))?$/.exec(line);
    if (test) collector.add({ testId: test[2]!.replace(/ \[skipped\]$/, ''), status: MARKS[test[1]!]!, durationMs: parseDuration(test[3]) });
  }
  let summary = null;
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = /^\s*Tests\s+(.*)\((\d+)\)$/.exec(lines[index]!);
    if (match) {
      const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(match[1]!)?.[1] ?? 0);
      const files = lines.slice(index - 2, index).find((line) => /^\s*Test Files/.test(line)) ?? '';
      summary = summaryOf({
        passed: count('passed'),
        failed: count('failed'),
        errors: /failed/.test(files) ? collector.results().filter((result) => result.status === 'error').length : 0,
        skipped: count('skipped') + count('todo'),
        total: Number(match[2]),
      });
      break;
    }
  }
  return { tests: collector.results(), summary };
}

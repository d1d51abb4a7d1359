import type { TestStatus } from '@swespot/core';
import { parseDuration, stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const MARKS: Record<string, TestStatus> = { '✓': 'passed', '√': 'passed', '✕': 'failed', '×': 'failed', '○': 'skipped', '✎': 'skipped' };

/**
 * Parses Jest's `--verbose` output (written to stderr): a `PASS`/`FAIL file` line, describe
 * blocks by indentation, and `✓`, `✕`, `○ skipped`, `✎ todo` lines. Ids are
 * `file › describe › test` as Jest prints them in failure headers. A file that cannot run
 * (`● Test suite failed to run`) becomes one `error` result with the file as id. The last
 * `Tests: 1 failed, 2 passed, 3 total` line is the summary (text a test printed earlier
 * cannot replace it); only stderr is read, so `console.log` and stdout writes never count.
 */
export function parseJestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(output.stderr).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  let file: string | undefined;
  let describes: { indent: number; name: string }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const header = /^(PASS|FAIL) (\S+)/.exec(line);
    if (header) {
      file = header[2];
      describes = [];
      continue;
    }
    if (!file) continue;
    if (/^\s+● Test suite failed to run$/.test(line)) {
      collector.add({ testId: file, status: 'error', message: lines[index + 2]?.trim().slice(0, 500) });
      continue;
    }
    const test = /^(\s+)([✓√✕×○✎]) (.*?)(?: \((\d+(?:\.\d+)? ?m?s)\))?$/.exec(line);
    if (test) {
      const indent = test[1]!.length;
      describes = describes.filter((block) => block.indent < indent);
      let name = test[3]!;
      if (test[2] === '○') name = name.replace(/^skipped /, '');
      if (test[2] === '✎') name = name.replace(/^todo /, '');
      collector.add({ testId: [file, ...describes.map((block) => block.name), name].join(' › '), status: MARKS[test[2]!]!, durationMs: parseDuration(test[4]) });
      continue;
    }
    const block = /^(\s+)(\S.*)$/.exec(line);
    if (block && block[1]!.length >= 2 && !block[2]!.startsWith('●') && index + 1 < lines.length && /^\s+(?:[✓√✕×○✎] |\S)/.test(lines[index + 1]!)) {
      const indent = block[1]!.length;
      // A describe line is followed by deeper-indented lines.
      const nextIndent = /^(\s*)/.exec(lines[index + 1]!)![1]!.length;
      if (nextIndent > indent) {
        describes = describes.filter((entry) => entry.indent < indent);
        describes.push({ indent, name: block[2]! });
      }
    }
  }
  let summary = null;
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = /^Tests:\s+(.*\d+ total)$/.exec(lines[index]!);
    if (match) {
      const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(match[1]!)?.[1] ?? 0);
      const suites = lines.slice(index - 2, index).find((line) => line.startsWith('Test Suites:')) ?? '';
      // Suites that failed to run have no tests; Jest counts them only among the suites.
      const brokenSuites = collector.results().filter((result) => result.status === 'error').length;
      summary = summaryOf({
        passed: count('passed'),
        failed: count('failed'),
        errors: /\d+ failed/.test(suites) ? brokenSuites : 0,
        skipped: count('skipped') + count('todo'),
        total: count('total'),
      });
      break;
    }
  }
  return { tests: collector.results(), summary };
}

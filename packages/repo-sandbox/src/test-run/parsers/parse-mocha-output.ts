import { parseDuration, stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

/**
 * Parses Mocha's default `spec` reporter: suites and tests by indentation, `✔ name`
 * (passed), `N) name` (failed), `- name` (pending, i.e. skipped). A failing hook
 * (`"before all" hook for "x"`) is an `error`. Ids are the full title: suite titles and the
 * test title joined by spaces, as Mocha's `--grep` matches them. The last `N passing`,
 * `N pending`, `N failing` block is the summary; `failing` counts both failures and hooks.
 */
export function parseMochaOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(output.stdout).split('\n').map((line) => line.trimEnd());
  let summaryIndex = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (/^ {2}\d+ passing \(\d+m?s\)$/.test(lines[index]!)) {
      summaryIndex = index;
      break;
    }
  }
  const collector = new TestResultCollector();
  let suites: { indent: number; title: string }[] = [];
  for (const line of lines.slice(0, summaryIndex < 0 ? lines.length : summaryIndex)) {
    if (/^ {2}\d+ (?:passing|pending|failing)\b/.test(line)) continue;
    const match = /^( +)(?:(✔|✓) (.*?)(?: \((\d+m?s)\))?|(\d+)\) (.*)|- (.*)|(\S.*))$/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    suites = suites.filter((suite) => suite.indent < indent);
    const id = (title: string) => [...suites.map((suite) => suite.title), title].join(' ');
    if (match[2]) collector.add({ testId: id(match[3]!), status: 'passed', durationMs: parseDuration(match[4]) });
    else if (match[5]) {
      const title = match[6]!;
      const hook = /^"(?:before|after) (?:all|each)" hook/.test(title);
      collector.add({ testId: id(title), status: hook ? 'error' : 'failed' });
    } else if (match[7]) collector.add({ testId: id(match[7]), status: 'skipped' });
    else if (match[8]) suites.push({ indent, title: match[8] });
  }
  let summary = null;
  if (summaryIndex >= 0) {
    const block = lines.slice(summaryIndex, summaryIndex + 3).join('\n');
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(block)?.[1] ?? 0);
    summary = summaryOf({ passed: count('passing'), failed: count('failing'), skipped: count('pending') });
  }
  return { tests: collector.results(), summary };
}

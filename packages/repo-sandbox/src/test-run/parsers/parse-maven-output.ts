import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

/**
 * Parses Maven Surefire console output. Per-test lines need the plain report on the console:
 * run `mvn -B test -Dsurefire.reportFormat=plain -Dsurefire.useFile=false`; then every test
 * prints `Class.method -- Time elapsed: 0.01 s` with `<<< FAILURE!` (failed) or `<<< ERROR!`
 * (error), and skips print `Class.method skipped` (JUnit 5 `@Disabled` prints the class
 * only). Without the plain report only failures are named. The summary is the aggregate
 * `Tests run: 4, Failures: 1, Errors: 1, Skipped: 1` line after `Results:` (the last such
 * line without `Time elapsed`), so a test printing such a line earlier is ignored.
 */
export function parseMavenOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stdout}\n${output.stderr}`)
    .split('\n')
    .map((line) => line.trimEnd().replace(/^\[(?:INFO|ERROR|WARNING)\] ?/, ''));
  const collector = new TestResultCollector();
  const resultsAt = lines.lastIndexOf('Results:');
  for (const line of lines.slice(0, resultsAt < 0 ? lines.length : resultsAt)) {
    const test = /^([\w.$]+)\.([\w$]+)(?:\(\))? -- Time elapsed: ([\d.]+) s(?: <<< (FAILURE|ERROR)!)?$/.exec(line)
      ?? /^([\w.$]+)\.([\w$]+)(?:\(\))?\s+Time elapsed: ([\d.]+) s(?:\s+<<< (FAILURE|ERROR)!)?$/.exec(line);
    if (test) {
      collector.add({
        testId: `${test[1]}.${test[2]}`,
        status: test[4] === 'FAILURE' ? 'failed' : test[4] === 'ERROR' ? 'error' : 'passed',
        durationMs: Math.round(Number(test[3]) * 1000),
      });
      continue;
    }
    const skipped = /^([\w.$]+) skipped$/.exec(line);
    if (skipped) collector.add({ testId: skipped[1]!, status: 'skipped' });
  }
  let summary = null;
  const searchFrom = resultsAt < 0 ? 0 : resultsAt;
  for (let index = lines.length - 1; index >= searchFrom; index--) {
    const match = /^Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$/.exec(lines[index]!);
    if (match) {
      const [total, failed, errors, skipped] = match.slice(1).map(Number) as [number, number, number, number];
      summary = summaryOf({ passed: total - failed - errors - skipped, failed, errors, skipped, total });
      break;
    }
  }
  return { tests: collector.results(), summary };
}

import type { RunnerSummary } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const STATUS = { PASSED: 'passed', XPASS: 'passed', FAILED: 'failed', ERROR: 'error', SKIPPED: 'skipped', XFAIL: 'xfail' } as const;
type StatusWord = keyof typeof STATUS;
const SUMMARY_LINE = /^=+ (.*\d+ (?:passed|failed|skipped|xfailed|xpassed|errors?|deselected|warnings?|rerun)\b.*) in [\d.]+s(?: \([^)]*\))? =+$/;
const NO_TESTS_LINE = /^=+ no tests ran in [\d.]+s =+$/;
/** A report header in the FAILURES, ERRORS, PASSES or XPASSES section: `____ TestClass.test_x[a b] ____`. */
const REPORT_HEADER = /^_+ (.+?) _+$/;

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

/** The name a report header shows for a node id: `f.py::TestX::test_y[p]` → `TestX.test_y[p]`. */
function headerNameOf(testId: string): string {
  const afterFile = testId.indexOf('::');
  if (afterFile < 0) return testId;
  const name = testId.slice(afterFile + 2);
  const bracket = name.indexOf('[');
  return bracket < 0 ? name.replaceAll('::', '.') : `${name.slice(0, bracket).replaceAll('::', '.')}${name.slice(bracket)}`;
}

/** Whether a node id could end here: a parametrized id ends with its closing bracket. */
function looksComplete(testId: string): boolean {
  const bracket = testId.indexOf('[');
  return bracket < 0 ? !testId.includes(' ') : testId.endsWith(']');
}

/**
 * Splits the text after a status word into the node id and the message. A node id may hold
 * spaces, colons, brackets and even ` - ` (parametrized ids are the parameters' text), so a
 * `PASSED` line's id is the rest of the line, and for the others each ` - ` (pytest 7's
 * `XPASS id reason`: each space) is a possible end. The end chosen is the first whose id is
 * named by a report header of the same run (`____ test_x[a - b] ____`), else the first after
 * which the id looks whole (no bracket, or ending with `]`), else the whole line.
 */
function splitIdAndMessage(word: StatusWord, rest: string, reportNames: ReadonlySet<string>): { testId: string; message?: string } {
  if (word === 'PASSED') return { testId: rest };
  const separator = word === 'XPASS' ? ' ' : ' - ';
  const candidates: { testId: string; message?: string }[] = [];
  for (let index = rest.indexOf(separator); index > 0; index = rest.indexOf(separator, index + 1)) {
    const message = rest.slice(index + separator.length).replace(/^- /, '');
    candidates.push({ testId: rest.slice(0, index), ...(message === '' ? {} : { message }) });
  }
  candidates.push({ testId: rest });
  return (
    candidates.find((candidate) => reportNames.has(headerNameOf(candidate.testId))) ??
    candidates.find((candidate) => looksComplete(candidate.testId)) ??
    { testId: rest }
  );
}

/**
 * Parses pytest output run with `-rA` (SWE-bench's `pytest -rA --tb=no -p no:cacheprovider`).
 * Only the LAST `short test summary info` section counts, and only when it ends at pytest's
 * final count line: text a test prints lands in the captured-output sections above it, so a
 * printed `PASSED x` line is never read as a result. Skips without an id (`SKIPPED [2]
 * file.py:12: reason`) become ids `file.py:12` (with `#2`, `#3` for repeats).
 * Node ids are kept whole, spaces, colons and brackets included (`test_x[Error: bad - value]`);
 * see {@link splitIdAndMessage} for where a failure's id ends and its message begins.
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
    const reportNames = new Set<string>();
    for (const line of lines.slice(0, sectionStart)) {
      const header = REPORT_HEADER.exec(line);
      if (header) reportNames.add(header[1]!.replace(/^ERROR at (?:setup|teardown) of /, ''));
    }
    for (const line of lines.slice(sectionStart + 1, summaryIndex)) {
      const skip = /^SKIPPED \[(\d+)\] (\S+?:\d+): ?(.*)$/.exec(line);
      if (skip) {
        const repeats = Number(skip[1]);
        for (let copy = 1; copy <= repeats; copy++) {
          collector.add({ testId: copy === 1 ? skip[2]! : `${skip[2]}#${copy}`, status: 'skipped', message: skip[3] || undefined });
        }
        continue;
      }
      const match = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S.*)$/.exec(line);
      if (!match) continue;
      const word = match[1] as StatusWord;
      const { testId, message } = splitIdAndMessage(word, match[2]!, reportNames);
      collector.add({ testId, status: STATUS[word], message: message?.slice(0, 500) });
    }
  } else if (summaryIndex >= 0) {
    for (const line of lines.slice(0, summaryIndex)) {
      const match = /^(\S+::.*?) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)(?: +\[ *\d+%\])?$/.exec(line);
      if (match) collector.add({ testId: match[1]!, status: STATUS[match[2] as StatusWord] });
    }
  }
  return { tests: collector.results(), summary };
}

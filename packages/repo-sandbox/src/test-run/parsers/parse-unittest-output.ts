import type { TestStatus } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

/**
 * Normalises a unittest id to SWE-bench's form `test_name (module.Class)`: Python 3.11+
 * prints `test_name (module.Class.test_name)`.
 */
function normaliseId(name: string, location: string): string {
  const suffix = `.${name}`;
  return `${name} (${location.endsWith(suffix) ? location.slice(0, -suffix.length) : location})`;
}

function statusOf(word: string): TestStatus | undefined {
  if (word === 'ok' || word === 'unexpected success') return 'passed';
  if (word === 'FAIL') return 'failed';
  if (word === 'ERROR') return 'error';
  if (word.startsWith('skipped')) return 'skipped';
  if (word === 'expected failure') return 'xfail';
  return undefined;
}

/**
 * Parses Python unittest output at verbosity 2 (`python -m unittest -v`), which is also what
 * Django's `tests/runtests.py --verbosity 2` prints. Progress lines `name (id) ... ok` give
 * the tests; the `FAIL: ...` / `ERROR: ...` blocks after the run override them (a test that
 * prints `ok` before failing is still failed); `Ran N tests` and `FAILED (failures=1, ...)`
 * / `OK (skipped=1)` are the runner's summary. Ids are normalised to `name (module.Class)`.
 */
export function parseUnittestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stderr}\n${output.stdout}`).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  let ranIndex = -1;
  let total: number | undefined;
  for (let index = lines.length - 1; index >= 0; index--) {
    const ran = /^Ran (\d+) tests? in [\d.]+s$/.exec(lines[index]!);
    if (ran) {
      ranIndex = index;
      total = Number(ran[1]);
      break;
    }
  }
  const progress = /^(\w+) \(([\w.]+)\)(?: \.\.\. |\s*$)(.*)$/;
  let pending: { id: string } | undefined;
  for (const line of lines.slice(0, ranIndex < 0 ? lines.length : ranIndex)) {
    const header = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)/.exec(line);
    if (header) {
      collector.add({ testId: normaliseId(header[2]!, header[3]!), status: header[1] === 'FAIL' ? 'failed' : 'error' });
      pending = undefined;
      continue;
    }
    const match = progress.exec(line);
    if (match) {
      const id = normaliseId(match[1]!, match[2]!);
      const status = statusOf(match[3]!.trim());
      if (status) {
        collector.add({ testId: id, status, message: status === 'skipped' ? match[3]!.replace(/^skipped ?/, '').replace(/^'|'$/g, '') || undefined : undefined });
        pending = undefined;
      } else pending = { id };
      continue;
    }
    // A status on its own line: the test printed something after `... `.
    const status = pending ? statusOf(line.trim()) : undefined;
    if (pending && status) {
      collector.add({ testId: pending.id, status });
      pending = undefined;
    }
  }
  let summary = null;
  if (ranIndex >= 0) {
    const verdict = lines.slice(ranIndex + 1).find((line) => /^(OK|FAILED)\b/.test(line)) ?? '';
    const count = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(verdict)?.[1] ?? 0);
    const failed = count('failures');
    const errors = count('errors');
    const skipped = count('skipped');
    const xfailed = count('expected failures');
    summary = summaryOf({ passed: (total ?? 0) - failed - errors - skipped - xfailed, failed, errors, skipped, xfailed, total });
  }
  return { tests: collector.results(), summary };
}

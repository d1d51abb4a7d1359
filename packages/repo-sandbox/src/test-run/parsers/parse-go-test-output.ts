import type { TestStatus } from '@swespot/core';
import { stripAnsi, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

const STATUS: Record<string, TestStatus> = { PASS: 'passed', FAIL: 'failed', SKIP: 'skipped', pass: 'passed', fail: 'failed', skip: 'skipped' };

/** `go test -json` (test2json events). Only tests with a `run` event count. */
function parseJson(lines: readonly string[], collector: TestResultCollector): void {
  const started = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    let event: { Action?: string; Package?: string; Test?: string; Elapsed?: number; Output?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue;
    }
    if (!event.Test) {
      if (event.Action === 'fail' && event.Package && /\[(?:build|setup) failed\]/.test(event.Output ?? '')) {
        collector.add({ testId: event.Package, status: 'error' });
      }
      continue;
    }
    const key = `${event.Package} ${event.Test}`;
    if (event.Action === 'run') started.add(key);
    const status = STATUS[event.Action ?? ''];
    if (status && started.has(key)) {
      collector.add({ testId: event.Test, status, durationMs: event.Elapsed === undefined ? undefined : Math.round(event.Elapsed * 1000) });
    }
  }
}

/**
 * Parses `go test -v` and `go test -json` (told apart by the lines). Results are the
 * `--- PASS|FAIL|SKIP: Name (0.00s)` lines (or test2json `pass`/`fail`/`skip` events) of
 * tests that were announced by `=== RUN Name` (a `run` event); subtests keep Go's
 * `Parent/child` ids. A package that did not build (`FAIL pkg [build failed]`) is one
 * `error` result with the package path as id. Go prints no count summary, so `summary` is
 * null and only the exit code backs the results; Go before 1.24 frames results in-band, so
 * a test that prints both a `=== RUN` and a `--- PASS` line for a made-up name is believed.
 */
export function parseGoTestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(`${output.stdout}\n${output.stderr}`).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  if (lines.some((line) => line.startsWith('{"Time"') || line.startsWith('{"Action"'))) {
    parseJson(lines, collector);
  }
  const started = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('{')) continue;
    const run = /^=== RUN\s+(\S+)$/.exec(line);
    if (run) {
      started.add(run[1]!);
      continue;
    }
    const result = /^\s*--- (PASS|FAIL|SKIP): (\S+) \(([\d.]+)s\)$/.exec(line);
    if (result && started.has(result[2]!)) {
      collector.add({ testId: result[2]!, status: STATUS[result[1]!]!, durationMs: Math.round(Number(result[3]) * 1000) });
      continue;
    }
    const broken = /^FAIL\s+(\S+) \[(?:build|setup) failed\]$/.exec(line);
    if (broken) collector.add({ testId: broken[1]!, status: 'error' });
  }
  return { tests: collector.results(), summary: null };
}

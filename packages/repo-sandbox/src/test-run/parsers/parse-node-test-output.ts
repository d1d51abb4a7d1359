import type { TestStatus } from '@swespot/core';
import { stripAnsi, summaryOf, TestResultCollector, type ParsedTestOutput, type TestOutput } from '../test-output';

/**
 * Parses the TAP that node's test runner prints (`node --test --test-reporter=tap`, the
 * default when stdout is not a terminal on Node 20). Nested `# Subtest:` blocks give ids
 * `suite > test`; suites themselves (`type: 'suite'`) are not tests. `# SKIP` and `# TODO`
 * are skipped; a failure whose `failureType` is a hook or a cancellation is an `error`. The
 * runner turns everything a test prints into `# ` comments, so printed `ok` lines never
 * count; the last `# tests/# pass/# fail/# skipped/# todo/# cancelled` block is the summary.
 */
export function parseNodeTestOutput(output: TestOutput): ParsedTestOutput {
  const lines = stripAnsi(output.stdout).split('\n').map((line) => line.trimEnd());
  const collector = new TestResultCollector();
  const names: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const subtest = /^( *)# Subtest: (.*)$/.exec(line);
    if (subtest) {
      const depth = subtest[1]!.length / 4;
      names.length = depth;
      names[depth] = subtest[2]!;
      continue;
    }
    const result = /^( *)(ok|not ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/.exec(line);
    if (!result) continue;
    const depth = result[1]!.length / 4;
    // The YAML block under the result says whether it was a suite and how it failed.
    const yaml: string[] = [];
    if (lines[index + 1]?.trim() === '---') {
      for (let cursor = index + 2; cursor < lines.length && lines[cursor]!.trim() !== '...'; cursor++) yaml.push(lines[cursor]!.trim());
    }
    if (yaml.includes("type: 'suite'")) continue;
    const failureType = /^failureType: '(\w+)'/.exec(yaml.find((entry) => entry.startsWith('failureType:')) ?? '')?.[1];
    let status: TestStatus;
    if (result[4]) status = 'skipped';
    else if (result[2] === 'ok') status = 'passed';
    else status = failureType === 'hookFailed' || failureType === 'cancelledByParent' || failureType === 'uncaughtException' ? 'error' : 'failed';
    const duration = /^duration_ms: ([\d.]+)/.exec(yaml.find((entry) => entry.startsWith('duration_ms:')) ?? '')?.[1];
    const path = [...names.slice(0, depth), result[3]!];
    collector.add({ testId: path.join(' > '), status, durationMs: duration === undefined ? undefined : Math.round(Number(duration)) });
  }
  let summary = null;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (!/^# tests \d+$/.test(lines[index]!)) continue;
    const block = lines.slice(index, index + 8);
    const count = (word: string) => Number(block.map((entry) => new RegExp(`^# ${word} (\\d+)$`).exec(entry)?.[1]).find(Boolean) ?? 0);
    summary = summaryOf({
      passed: count('pass'),
      failed: count('fail') - count('cancelled'),
      errors: count('cancelled'),
      skipped: count('skipped') + count('todo'),
      total: count('tests'),
    });
    break;
  }
  return { tests: collector.results(), summary };
}

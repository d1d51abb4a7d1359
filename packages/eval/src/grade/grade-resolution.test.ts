import { join } from 'node:path';
import { renderTestCommand } from '@swespot/repo-sandbox';
import { describe, expect, it } from 'vitest';
import { rceDataRoot } from '../__fixtures__/rce-data-root';
import { loadBenchmark } from '../load/load-benchmark';
import { testSpecForRun } from './grade-resolution';

describe('testSpecForRun on real rows', () => {
  it("gives Django's runner dotted labels relative to tests/, as SWE-bench's test directives, and leaves pytest files alone", async () => {
    const django = (await loadBenchmark({ task: 'sbv', files: [join(rceDataRoot, 'sbv', 'django.jsonl')] })).instances;
    const commands = django.map((instance) => renderTestCommand(testSpecForRun(instance.testSpec)));
    expect(commands.every((command) => command.startsWith('./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 '))).toBe(true);
    expect(commands.some((command) => / tests\/|\.py\b/.test(command.replace('./tests/runtests.py', '')))).toBe(false);
    const first = django.find((instance) => instance.id === 'django__django-13837');
    if (first) expect(renderTestCommand(testSpecForRun(first.testSpec))).toBe('./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 utils_tests.test_autoreload utils_tests.test_module.__main__');
    const pylint = (await loadBenchmark({ task: 'sbv', files: [join(rceDataRoot, 'sbv', 'pylint.jsonl')] })).instances[0]!;
    expect(testSpecForRun(pylint.testSpec)).toBe(pylint.testSpec);
  });
});

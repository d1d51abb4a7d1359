import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runFixtureProject } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

const vitestBin = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));

describe('parseVitestOutput on a real Vitest run (verbose reporter)', () => {
  it('reads ✓ × ↓ □ lines and a file that failed to load; printed ✓ lines do not pass a failing test', async () => {
    const run = await runFixtureProject('vitest', `${process.execPath} ${vitestBin} run --root . --reporter=verbose`);
    const report = buildTestReport({ framework: 'vitest', command: run.command, result: run, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toEqual({
      'sample.test.ts > math > adds': 'passed',
      'sample.test.ts > math > fails': 'failed',
      'sample.test.ts > math > skipped': 'skipped',
      'sample.test.ts > math > later': 'skipped',
      'sample.test.ts > broken setup > never runs': 'failed',
      'broken.test.ts': 'error',
    });
    // The test printed "      Tests  5 passed (5)" before Vitest's own summary.
    expect(report.evidence.summary).toMatchObject({ passed: 1, failed: 2, skipped: 2, total: 5 });
    expect(report.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
    expect(assessTestReport(report).trusted).toBe(true);
  });
});

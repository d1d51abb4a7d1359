import { describe, expect, it } from 'vitest';
import { runFixtureProject } from '../__fixtures__/run-fixture-project';
import { assessTestReport, buildTestReport } from '../build-test-report';

describe('parseCargoOutput on a real `cargo test --no-fail-fast` run (offline, no dependencies)', () => {
  it('reads ok, FAILED and ignored tests across binaries, and catches a test that prints a fake "ok"', async () => {
    const command = 'cargo test --offline --no-fail-fast';
    const run = await runFixtureProject('cargo', command, { CARGO_TARGET_DIR: '/tmp/swespot-cargo-target', CARGO_TERM_COLOR: 'never' });
    const report = buildTestReport({ framework: 'cargo', command, result: run, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toMatchObject({
      'tests::passes': 'passed',
      'tests::panics_as_expected': 'passed',
      'tests::fails': 'failed',
      'tests::skipped': 'skipped',
      integration_passes: 'passed',
      integration_prints_directly: 'failed',
    });
    // tests::fails printed "test tests::ghost ... ok" into its captured output: never read.
    expect(statuses['tests::ghost']).toBeUndefined();
    // integration_prints_directly wrote "test ghost_direct ... ok" straight to stdout: the binary's counts disagree.
    expect(report.evidence.summary).toMatchObject({ passed: 3, failed: 2, skipped: 1 });
    expect(report.evidence.countsAgree).toBe(false);
    expect(assessTestReport(report).trusted).toBe(false);
  });

  it('reads a target that does not compile as an error', () => {
    const stderr = 'error[E0425]: cannot find function `nope` in this scope\nerror: could not compile `sample` (test "integration") due to 1 previous error\n';
    const report = buildTestReport({ framework: 'cargo', command: 'cargo test', result: { stdout: '', stderr, exitCode: 101, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false }, startedAt: new Date() });
    expect(report.tests).toEqual([{ testId: 'sample (test "integration")', status: 'error' }]);
  });
});

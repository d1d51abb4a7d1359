import { describe, expect, it } from 'vitest';
import { runFixtureProject } from '../__fixtures__/run-fixture-project';
import { buildTestReport } from '../build-test-report';

const goEnv = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: '/tmp/swespot-go-cache', GOPATH: '/tmp/swespot-go-path' };

describe('parseGoTestOutput on real `go test` runs', () => {
  it.each([
    ['-v', 'go test -v ./...'],
    ['-json', 'go test -json ./...'],
  ])('reads go test %s: pass, fail, skip, subtests and a package that does not build', async (_flag, command) => {
    const run = await runFixtureProject('go-test', command, goEnv);
    const report = buildTestReport({ framework: 'go-test', command, result: run, startedAt: new Date() });
    const statuses = Object.fromEntries(report.tests.map((test) => [test.testId, test.status]));
    expect(statuses).toEqual({
      TestPass: 'passed',
      TestFail: 'failed',
      TestSkip: 'skipped',
      'TestSub/inner_ok': 'passed',
      'TestSub/inner_bad': 'failed',
      TestSub: 'failed',
      'example.com/sample/broken': 'error',
    });
    // TestFail printed "--- PASS: TestFail" and "--- PASS: TestGhost" without a "=== RUN TestGhost".
    expect(statuses.TestGhost).toBeUndefined();
    expect(report.evidence).toMatchObject({ summary: null, countsAgree: null, exitCodeAgrees: true });
  });
});

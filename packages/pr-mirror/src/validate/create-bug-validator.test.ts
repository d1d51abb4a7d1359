import type { TestReport } from '@swespot/core';
import { describe, expect, it, vi } from 'vitest';
import { diffFile } from '../diff/patch-files';
import type { BugCandidate } from './bug-candidate';
import { classifyTestOutcomes } from './classify-test-outcomes';
import { createBugValidator, type RunBugTests } from './create-bug-validator';

function report(statuses: Record<string, 'passed' | 'failed' | 'error' | 'skipped'>, timedOut = false): TestReport {
  return {
    schemaVersion: 2,
    id: 'report',
    command: 'python3 -m pytest',
    exitCode: timedOut ? null : 0,
    tests: Object.entries(statuses).map(([testId, status]) => ({ testId, status })),
    evidence: { runner: 'pytest', summary: null, countsAgree: null, exitCodeAgrees: true },
    durationMs: 1,
    timedOut,
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    outputTail: { stdout: '', stderr: '' },
  };
}

const environment = { environment: { image: 'calc:latest', installCommands: [], workingDirectory: '/testbed' }, testSpec: { language: 'python', framework: 'pytest' as const, command: 'python3 -m pytest {tests}', selection: { mode: 'all' as const }, env: {}, timeoutSeconds: 60 } };
const candidate: BugCandidate = {
  id: 'acme__calc.bug-1',
  repo: 'acme/calc',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2022-12-31T00:00:00.000Z' },
  bugPatch: diffFile('calc/core.py', 'x = 1\n', 'x = 2\n'),
  testFiles: ['tests/test_core.py'],
  origin: { type: 'synthetic', strategy: 'manual' },
};

/** A scripted test runner: the clean runs and the buggy runs answer in turn. */
function scripted(clean: TestReport[], buggy: TestReport[]): { runTests: RunBugTests; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    runTests: async (request) => {
      calls.push(request.patch === undefined ? 'clean' : 'buggy');
      return (request.patch === undefined ? clean : buggy).shift()!;
    },
  };
}

describe('classifyTestOutcomes', () => {
  it('counts a test missing from the buggy run as failed and ignores skipped ones', () => {
    const outcomes = classifyTestOutcomes(report({ a: 'passed', b: 'passed', c: 'failed', d: 'failed', e: 'skipped', f: 'passed' }), report({ a: 'failed', b: 'passed', c: 'error', d: 'passed', e: 'failed' }));
    expect(outcomes).toEqual({ failToPass: ['a', 'f'], passToPass: ['b'], failToFail: ['c'], passToFail: ['d'] });
  });
});

describe('createBugValidator', () => {
  it('drops tests the re-run contradicts, and caches clean runs per test-file set', async () => {
    const { runTests, calls } = scripted(
      [report({ a: 'passed', b: 'passed', c: 'passed' }), report({ a: 'passed', b: 'passed', c: 'passed' })],
      [report({ a: 'failed', b: 'failed', c: 'passed' }), report({ a: 'failed', b: 'passed', c: 'passed' }), report({ a: 'failed', b: 'failed', c: 'passed' }), report({ a: 'failed', b: 'failed', c: 'passed' })],
    );
    const validator = createBugValidator({ environment, runTests });
    const first = await validator.validate(candidate);
    expect(first).toMatchObject({ status: 'valid', failToPass: ['a'], passToPass: ['c'], flaky: ['b'] });
    const second = await validator.validate({ ...candidate, id: 'acme__calc.bug-2' });
    expect(second).toMatchObject({ status: 'valid', failToPass: ['a', 'b'], timings: { cleanCached: true, cleanMs: 0 } });
    expect(calls.filter((call) => call === 'clean')).toHaveLength(2);
  });

  it('drops a bug that touches a test file, one without FAIL_TO_PASS, one that times out, and a flaky one', async () => {
    const touching = { ...candidate, bugPatch: diffFile('tests/test_core.py', 'a\n', 'b\n') };
    expect((await createBugValidator({ environment, runTests: scripted([], []).runTests }).validate(touching)).status).toBe('touches-tests');
    const none = scripted([report({ a: 'passed' })], [report({ a: 'passed' })]);
    expect((await createBugValidator({ environment, runTests: none.runTests }).validate(candidate)).status).toBe('no-fail-to-pass');
    const slow = scripted([report({ a: 'passed' })], [report({}, true)]);
    expect(await createBugValidator({ environment, runTests: slow.runTests, timeoutSeconds: 5 }).validate(candidate)).toMatchObject({ status: 'timed-out', reason: 'the buggy run timed out after 5 s' });
    const flaky = scripted([report({ a: 'passed' }), report({ a: 'passed' })], [report({ a: 'failed' }), report({ a: 'passed' })]);
    expect(await createBugValidator({ environment, runTests: flaky.runTests }).validate(candidate)).toMatchObject({ status: 'flaky', flaky: ['a'] });
  });

  it('stops a buggy run that hangs long past its clean run, well before the run limit', async () => {
    const runTests: RunBugTests = (request) =>
      request.patch === undefined
        ? Promise.resolve(report({ a: 'passed' }))
        : new Promise((_resolve, reject) => request.abortSignal!.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    const validation = await createBugValidator({ environment, runTests, timeoutSeconds: 3600, slowdownFactor: 2, minimumTimeoutSeconds: 0.05 }).validate(candidate);
    expect(validation).toMatchObject({ status: 'timed-out', reason: expect.stringMatching(/^the buggy run took over \d+ s \(2x its clean run, at least 0.05 s\) and was stopped$/) });
  });

  it('leaves no slowdown timer behind when the buggy run ends before the clean one (it kept bugs synth alive for 2 minutes after its work)', async () => {
    // Timers of a minute or more that are started, and those cleared again.
    const started: unknown[] = [];
    const cleared = new Set<unknown>();
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, delay?: number) => {
      const timer = realSetTimeout(callback, delay);
      if ((delay ?? 0) >= 60_000) started.push(timer);
      return timer;
    }) as typeof setTimeout);
    const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((timer?: NodeJS.Timeout) => {
      cleared.add(timer);
      realClearTimeout(timer);
    }) as typeof clearTimeout);
    try {
      // The clean run ends after the buggy one: the slowdown limit becomes known only when the buggy run is over.
      const runTests: RunBugTests = (request) => (request.patch === undefined ? new Promise((resolve) => realSetTimeout(() => resolve(report({ a: 'passed', b: 'passed' })), 50)) : Promise.resolve(report({ a: 'failed', b: 'passed' })));
      const validation = await createBugValidator({ environment, runTests, rerun: false, timeoutSeconds: 3600, minimumTimeoutSeconds: 120 }).validate(candidate);
      expect(validation.status).toBe('valid');
      await new Promise((resolve) => setImmediate(resolve));
      expect(started.filter((timer) => !cleared.has(timer))).toEqual([]);
    } finally {
      for (const timer of started) realClearTimeout(timer as NodeJS.Timeout);
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });
});

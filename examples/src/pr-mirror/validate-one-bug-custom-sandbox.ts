/**
 * Validates one mirrored bug with a sandbox of your choice instead of the Docker default:
 * here bubblewrap over a copy of the snapshot, running this machine's python3 (with pytest).
 * The sample repository's pull requests before its cutoff are mirrored back onto the
 * snapshot, and the first candidate is validated: its FAIL_TO_PASS tests fail with the bug
 * and pass without it, its PASS_TO_PASS tests pass both times.
 *
 *   pnpm --filter @swespot/examples example src/pr-mirror/validate-one-bug-custom-sandbox.ts
 *
 * Needs bubblewrap and python3 with pytest (`swespot doctor` checks both); no Docker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentSpec, TestSpec } from '@swespot/core';
import { createBugValidator, prepareMirrorCandidates, type RunBugTests } from '@swespot/pr-mirror';
import { applyPatch, createSnapshot, runTests, withSandboxSession } from '@swespot/repo-sandbox';
import { createBubblewrapSandbox } from '@swespot/repo-sandbox/bubblewrap';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';

const work = await mkdtemp(join(tmpdir(), 'swespot-example-validate-'));
try {
  const sample = await createSampleRepository({ directory: join(work, 'tinyshop') });
  const snapshot = await createSnapshot({ repo: sample.directory, cutoff: SAMPLE_REPOSITORY_CUTOFF, history: 'truncated', into: join(work, 'snapshot') });
  const { candidates, funnel } = await prepareMirrorCandidates({ snapshotDirectory: snapshot.directory, repo: 'tinyshop-dev/tinyshop', cutoff: snapshot.cutoff, limit: 1, seed: 0 });
  console.log(`${funnel.mined} pull requests mined, ${funnel.kept} kept, ${candidates.length} candidate mirrored`);
  const candidate = candidates[0];
  if (candidate === undefined) throw new Error('no candidate');

  // The custom sandbox: bubblewrap (no image), a fresh copy of the snapshot per run, the bug patch applied on top.
  const sandbox = createBubblewrapSandbox();
  const environment: EnvironmentSpec = { image: 'host', installCommands: [], workingDirectory: '/testbed' };
  const testSpec: TestSpec = { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 };
  const runBugTests: RunBugTests = (request) =>
    withSandboxSession(sandbox, { workspace: { hostPath: snapshot.directory, mode: 'copy' } }, async (session) => {
      if (request.patch !== undefined) await applyPatch({ executor: session, patch: request.patch });
      return runTests({ executor: session, spec: { ...testSpec, selection: request.selection, timeoutSeconds: request.timeoutSeconds }, taskId: request.taskId });
    });
  const validator = createBugValidator({ environment: { environment, testSpec }, sandbox, runTests: runBugTests, onRun: (run) => console.log(`  ${run.kind} run: ${run.report.tests.length} tests in ${(run.durationMs / 1000).toFixed(1)} s`) });

  const validation = await validator.validate(candidate);
  console.log(`${candidate.id}: ${validation.status}${validation.reason ? ` (${validation.reason})` : ''}`);
  console.log('FAIL_TO_PASS', validation.failToPass);
  console.log('PASS_TO_PASS', validation.passToPass.length, 'tests');
} finally {
  await rm(work, { recursive: true, force: true });
}

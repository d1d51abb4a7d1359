/**
 * Validation time per bug over the raw time of its two test runs (clean + buggy), measured
 * in one run:
 *
 *   SWESPOT_BENCH_REPOSITORY=/work/repos/click SWESPOT_BENCH_CUTOFF=2023-01-01 pnpm bench
 *
 * Without a repository it uses the calc sample repository (PR mirrors of its history). The
 * environment is built (offline-debian, cached by content) and SWESPOT_BENCH_LIMIT (default 4)
 * mirrored candidates are taken. For each: the baseline is one clean and one buggy
 * `runEnvironmentTests` of its test files, run one after the other; then a fresh validator
 * (no clean cache) validates it twice, without and with the flaky-test re-run. A ratio near 1
 * (or below: the validator runs clean and buggy side by side) means validation adds little
 * beyond the test runs; the re-run roughly doubles it by design. Needs Docker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildEnvironment, createSnapshot, inferEnvironment, runEnvironmentTests } from '@swespot/repo-sandbox';
import { buildPythonBaseImage } from '@swespot/repo-sandbox/docker';
import { prepareMirrorCandidates } from '../src/mirror/prepare-mirror-candidates';
import { buildCalcRepository, CALC_CUTOFF } from '../src/test/build-calc-repository';
import { createBugValidator } from '../src/validate/create-bug-validator';

const repository = process.env['SWESPOT_BENCH_REPOSITORY'];
const cutoff = repository === undefined ? CALC_CUTOFF : (process.env['SWESPOT_BENCH_CUTOFF'] ?? '2023-01-01');
const limit = Number(process.env['SWESPOT_BENCH_LIMIT'] ?? 4);
const source = repository ?? (await buildCalcRepository());
const work = await mkdtemp(join(tmpdir(), 'swespot-mirror-bench-'));
try {
  const snapshot = await createSnapshot({ repo: source, cutoff, history: 'truncated', into: join(work, 'snapshot') });
  const build = await buildEnvironment({ recipe: await inferEnvironment(snapshot.directory), snapshotPath: snapshot.directory, dependencies: 'offline-debian', baseImage: await buildPythonBaseImage({}) });
  const { candidates } = await prepareMirrorCandidates({ snapshotDirectory: snapshot.directory, repo: 'bench/repository', cutoff, limit: limit * 3, seed: 1 });
  const chosen = candidates.slice(0, limit);
  console.log(`pr-mirror validation benchmark: ${repository ?? 'calc sample repository'} at ${snapshot.sourceCommit.slice(0, 12)}, ${chosen.length} mirrored candidates, concurrency 1`);
  console.log('candidate                               raw clean+buggy   validate (no re-run)   ratio   validate (re-run)   ratio   status');
  const ratios: number[] = [];
  const rerunRatios: number[] = [];
  for (const candidate of chosen) {
    const selection = { mode: 'files' as const, files: [...candidate.testFiles] };
    let start = performance.now();
    await runEnvironmentTests({ ...build, selection });
    await runEnvironmentTests({ ...build, selection, patch: candidate.bugPatch });
    const raw = performance.now() - start;
    start = performance.now();
    const once = await createBugValidator({ environment: build, rerun: false }).validate(candidate);
    const validate = performance.now() - start;
    start = performance.now();
    await createBugValidator({ environment: build }).validate(candidate);
    const withRerun = performance.now() - start;
    ratios.push(validate / raw);
    rerunRatios.push(withRerun / raw);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
    console.log(`${candidate.id.padEnd(40)}${seconds(raw).padStart(17)}${seconds(validate).padStart(23)}${(validate / raw).toFixed(2).padStart(8)}${seconds(withRerun).padStart(20)}${(withRerun / raw).toFixed(2).padStart(8)}   ${once.status}`);
  }
  const median = (values: number[]) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(`median ratio: validation ${median(ratios).toFixed(2)}x the raw clean+buggy time without the re-run, ${median(rerunRatios).toFixed(2)}x with it`);
} finally {
  await rm(work, { recursive: true, force: true });
  if (repository === undefined) await rm(source, { recursive: true, force: true });
}

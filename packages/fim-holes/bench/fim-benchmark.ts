/**
 * FIM holes mined per second, and mining time over code-index's own time on the same
 * snapshot, measured in one run:
 *
 *   SWESPOT_BENCH_REPOSITORY=/path/to/sympy SWESPOT_BENCH_CUTOFF=2023-01-01 pnpm bench
 *
 * Without a repository it mines the test fixture (a small package, for a smoke run). Each of
 * SWESPOT_BENCH_ROUNDS (default 3) rounds indexes the snapshot (no hotness: the same work
 * for both sides) and then mines SWESPOT_BENCH_COUNT (default 512) tasks from that index;
 * the figures are the best round of each. Mining = finding every hole candidate (reading
 * and parsing each source file again, dependencies from the index), sampling, and building
 * and checking each task (placeholder, restore, parse of the holed file, covering tests).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { indexRepository } from '@swespot/code-index';
import { createSnapshot } from '@swespot/repo-sandbox';
import { createPythonRepository } from '../src/__fixtures__/create-python-repository';
import { findHoleCandidates } from '../src/find-hole-candidates';
import { mineFimTasks } from '../src/mine-fim-tasks';
import { createSourceParser } from '../src/source-parser';

const repository = process.env['SWESPOT_BENCH_REPOSITORY'];
const cutoff = process.env['SWESPOT_BENCH_CUTOFF'] ?? '2023-01-01';
const rounds = Number(process.env['SWESPOT_BENCH_ROUNDS'] ?? 3);
const count = Number(process.env['SWESPOT_BENCH_COUNT'] ?? 512);

const source = repository ?? (await createPythonRepository());
const into = await mkdtemp(join(tmpdir(), 'swespot-fim-bench-'));
try {
  const info = await createSnapshot({ repo: source, cutoff: repository === undefined ? '2022-06-01' : cutoff, history: 'none', into });
  const snapshot = { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt };
  const parser = createSourceParser();
  const environment = { image: 'swespot/bench:none', installCommands: [], workingDirectory: '/testbed' };
  const testSpec = { language: 'python', framework: 'pytest' as const, command: 'python3 -m pytest -rA {tests}', selection: { mode: 'all' as const }, env: {}, timeoutSeconds: 600 };
  let bestIndex = Infinity;
  let bestCandidates = Infinity;
  let bestMine = Infinity;
  let candidates = 0;
  let tasks = 0;
  let files = 0;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    const { index } = await indexRepository({ source: info.directory });
    bestIndex = Math.min(bestIndex, performance.now() - start);
    files = index.files.length;
    start = performance.now();
    const found = await findHoleCandidates({ index, readFile: (path) => readFile(join(info.directory, path)), parser });
    bestCandidates = Math.min(bestCandidates, performance.now() - start);
    candidates = found.candidates.length;
    start = performance.now();
    const mined = await mineFimTasks({ snapshot, index, repo: 'bench/repository', count, seed: round, environment, testSpec, parser });
    bestMine = Math.min(bestMine, performance.now() - start);
    tasks = mined.tasks.length;
  }
  const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`;
  console.log(`fim-holes benchmark: ${repository ?? 'fixture repository'} at ${info.sourceCommit.slice(0, 12)} (${files} indexed files), best of ${rounds} rounds`);
  console.log(`code-index (no hotness)        ${seconds(bestIndex)}`);
  console.log(`hole candidates                ${seconds(bestCandidates)}: ${candidates} holes, ${Math.round(candidates / (bestCandidates / 1000))} holes/s, ${(bestCandidates / bestIndex).toFixed(2)}x code-index`);
  console.log(`mine ${count} tasks (all phases) ${seconds(bestMine)}: ${tasks} tasks, ${Math.round(tasks / (bestMine / 1000))} tasks/s, ${(bestMine / bestIndex).toFixed(2)}x code-index`);
} finally {
  await rm(into, { recursive: true, force: true });
  if (repository === undefined) await rm(source, { recursive: true, force: true });
}

/**
 * Benchmarks of @swespot/repo-sandbox, printed as ratios against git itself measured in the
 * same run. Usage:
 *
 *   pnpm bench                                     # a generated repository of 5,000 commits
 *   SWESPOT_BENCH_REPO=/path/to/clone pnpm bench   # any repository (e.g. a clone of sympy)
 *
 * Environment: SWESPOT_BENCH_REPO (repository; default: generated), SWESPOT_BENCH_COMMITS
 * (commits to generate; default 5000), SWESPOT_BENCH_CUTOFF (snapshot cutoff; default: the
 * middle of the generated history, or 2020-01-01 for a given repository),
 * SWESPOT_BENCH_ISOMORPHIC_COMMITS (first-parent commits for the isomorphic-git comparison;
 * default 2,000), SWESPOT_BENCH_RUNS (runs per history figure, median taken; default 3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyCommitRecordSchema, openJsonlWriter } from '@swespot/core';
import { copySnapshot, createGitCliReader, createIsomorphicGitReader, createSnapshot, readHistory, type GitRepositoryReader } from '../src/index';
import { generateRepository } from './generate-repository';

const work = mkdtempSync(join(tmpdir(), 'swespot-bench-'));
const given = process.env.SWESPOT_BENCH_REPO ?? process.argv[2];
let repo: string;
if (given) repo = given;
else {
  repo = join(work, 'generated');
  const started = performance.now();
  generateRepository({ directory: repo, commits: Number(process.env.SWESPOT_BENCH_COMMITS ?? 5000) });
  console.log(`generated ${repo} in ${seconds(performance.now() - started)}`);
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

async function time<T>(run: () => Promise<T>): Promise<{ milliseconds: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { milliseconds: performance.now() - started, value };
}

/** Runs git, reading and discarding its output as a consumer would. */
function gitDrain(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`git ${args.join(' ')} exited ${code}`))));
  });
}

async function historyToJsonl(reader: GitRepositoryReader, file: string, maxCount?: number): Promise<number> {
  const writer = await openJsonlWriter(file, { schema: historyCommitRecordSchema, schemaName: 'HistoryCommitRecord' });
  let count = 0;
  // As `swespot history` does: writes are queued (the writer serializes them) while git streams on.
  let pending: Promise<boolean>[] = [];
  for await (const record of readHistory({ reader })) {
    if (!writer.has(record.id)) pending.push(writer.write(record));
    if (pending.length >= 256) {
      await Promise.all(pending);
      pending = [];
    }
    count += 1;
    if (maxCount !== undefined && count >= maxCount) break;
  }
  await Promise.all(pending);
  await writer.close();
  return count;
}

const median = (values: number[]) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;
const native = createGitCliReader({ directory: repo });

// 1. swespot history against git log.
await gitDrain(['log', '--first-parent', '--format=%H', '-1']);
// Each figure is the median of SWESPOT_BENCH_RUNS runs (default 3), interleaved, so that a busy machine skews all alike.
const runs: { literal: number[]; equivalent: number[]; ours: number[] } = { literal: [], equivalent: [], ours: [] };
let commitCount = 0;
const runCount = Number(process.env.SWESPOT_BENCH_RUNS ?? 3);
for (let run = 0; run < runCount; run += 1) {
  runs.literal.push((await time(() => gitDrain(['log', '--first-parent', '--name-status', '--numstat']))).milliseconds);
  runs.equivalent.push((await time(() => gitDrain(['log', '--first-parent', '--raw', '--numstat', '-M', '--format=%H %P %an %ae %at %ct %B']))).milliseconds);
  rmSync(join(work, 'history.jsonl'), { force: true });
  const result = await time(() => historyToJsonl(native, join(work, 'history.jsonl')));
  runs.ours.push(result.milliseconds);
  commitCount = result.value;
}
const literal = { milliseconds: median(runs.literal) };
const equivalent = { milliseconds: median(runs.equivalent) };
const ours = { milliseconds: median(runs.ours), value: commitCount };
console.log(`\nrepository: ${repo} (${ours.value} first-parent commits)`);
console.log(`git log --first-parent --name-status --numstat: ${seconds(literal.milliseconds)} (git drops --numstat when --name-status is given)`);
console.log(`git log --first-parent --raw --numstat -M (same information as a history record): ${seconds(equivalent.milliseconds)}`);
console.log(`swespot history (readHistory + validated JSONL, git-cli backend): ${seconds(ours.milliseconds)}`);
console.log(`  ratio to git log --first-parent --name-status --numstat: ${ratio(ours.milliseconds, literal.milliseconds)} (goal: at most 1.5x)`);
console.log(`  ratio to git log --first-parent --raw --numstat -M:      ${ratio(ours.milliseconds, equivalent.milliseconds)}`);

// 2. isomorphic-git against native, on the newest N first-parent commits.
const limit = Math.min(ours.value, Number(process.env.SWESPOT_BENCH_ISOMORPHIC_COMMITS ?? 2000));
const nativeRuns: number[] = [];
const isomorphicRuns: number[] = [];
for (let run = 0; run < runCount; run += 1) {
  const nativeReader = createGitCliReader({ directory: repo });
  rmSync(join(work, 'native-limited.jsonl'), { force: true });
  nativeRuns.push((await time(() => historyToJsonl(nativeReader, join(work, 'native-limited.jsonl'), limit))).milliseconds);
  nativeReader.close();
  const isomorphic = createIsomorphicGitReader({ directory: repo });
  rmSync(join(work, 'isomorphic-limited.jsonl'), { force: true });
  isomorphicRuns.push((await time(() => historyToJsonl(isomorphic, join(work, 'isomorphic-limited.jsonl'), limit))).milliseconds);
  isomorphic.close();
}
const nativeLimited = { milliseconds: median(nativeRuns) };
const isomorphicLimited = { milliseconds: median(isomorphicRuns) };
console.log(`\nhistory of the newest ${limit} first-parent commits: git-cli ${seconds(nativeLimited.milliseconds)}, isomorphic-git ${seconds(isomorphicLimited.milliseconds)}`);
console.log(`  isomorphic-git / git-cli: ${ratio(isomorphicLimited.milliseconds, nativeLimited.milliseconds)} (goal: at most 20x)`);

// 3. A truncated snapshot at the cutoff, and per-task copies.
const cutoff =
  process.env.SWESPOT_BENCH_CUTOFF ??
  (given ? '2020-01-01' : new Date((Date.UTC(2015, 0, 1) / 1000 + 3600 * Math.floor(ours.value * 0.6)) * 1000).toISOString());
const clone = await time(() => gitDrain(['clone', '-q', '--no-local', '--no-checkout', '--single-branch', repo, join(work, 'baseline-clone')]));
const snapshot = await time(() => createSnapshot({ repo, cutoff, history: 'truncated', into: join(work, 'snapshot') }));
console.log(`\ntruncated snapshot at ${cutoff}: ${seconds(snapshot.milliseconds)} (commit ${snapshot.value.sourceCommit}, ${snapshot.value.audit.objects.commits} commits, ${snapshot.value.audit.objects.total} objects, audit included)`);
console.log(`  ratio to git clone --no-local --no-checkout of the whole repository: ${ratio(snapshot.milliseconds, clone.milliseconds)}`);
const copies: number[] = [];
for (let index = 0; index < 5; index += 1) {
  copies.push((await time(() => copySnapshot({ from: snapshot.value.directory, into: join(work, `task-${index}`) }))).milliseconds);
}
const fullCopies: number[] = [];
for (let index = 0; index < 5; index += 1) {
  fullCopies.push((await time(() => copySnapshot({ from: snapshot.value.directory, into: join(work, `full-${index}`), method: 'copy' }))).milliseconds);
}
console.log(`per-task copy (link-objects, median of 5): ${seconds(median(copies))}; full copy (median of 5): ${seconds(median(fullCopies))}`);
console.log(`  link-objects / full copy: ${ratio(median(copies), median(fullCopies))}`);

native.close();
rmSync(work, { recursive: true, force: true });

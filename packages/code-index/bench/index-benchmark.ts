/**
 * Benchmark of `indexRepository`, printed as ratios against a baseline measured in the same
 * run: the time to only parse the same files with tree-sitter.
 *
 *   pnpm bench                                       # generated repository (CI, under a minute)
 *   SWESPOT_BENCH_REPOSITORY=/path/to/sympy pnpm bench   # a real repository (working tree)
 *   SWESPOT_BENCH_BACKENDS=native,wasm               # which backends (default: both that load)
 *   SWESPOT_BENCH_ROUNDS=9                           # rounds of parse-only and cold index (default 9)
 *   SWESPOT_BENCH_GC=1                               # collect the heap before each timed run (a fresh-heap view)
 *
 * Figures: index time / parse-only time (CPU and wall clock), files per second, peak resident
 * memory of one cold index (in a child process, reading the working tree), and the cost of
 * re-indexing after a one-file change relative to a cold index (an edit that moves lines, and
 * one that adds a top-level function).
 *
 * Fairness: both sides take the files from memory (read once, outside the timed runs, with
 * blob ids known up front as a commit's tree gives them through a GitReaderV1), so reading is
 * in neither; they use the same backend after the same warm-up; they run interleaved (parse,
 * index, parse, index, ...) so load from other processes hits both alike; each side reports its
 * best round (CPU time and wall clock taken separately), re-index runs too. Both give the event
 * loop a turn every 20 ms, so each pays for the collector's work on its own garbage (a side that
 * never yields leaves it to the next run). With SWESPOT_BENCH_GC=1 each run starts from a
 * collected heap: the index then also pays for growing the heap from small, as in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builtinLanguages,
  compileLanguage,
  createFileSystemRepositorySource,
  createMemoryIndexCache,
  createNativeBackend,
  createWasmBackend,
  gitBlobSha,
  indexRepository,
  type IndexRunStatistics,
  languageForPath,
  selectParserBackend,
  type ParserBackend,
  type RepositorySource,
} from '../src/index';

const repositoryFromEnvironment = process.env['SWESPOT_BENCH_REPOSITORY'] ?? process.argv[2];
const generatedFiles = Number(process.env['SWESPOT_BENCH_FILES'] ?? 200);
const rounds = Math.max(1, Number(process.env['SWESPOT_BENCH_ROUNDS'] ?? 9));

function generateRepository(fileCount: number): string {
  const directory = mkdtempSync(join(tmpdir(), 'code-index-bench-'));
  const packages = 10;
  for (let packageIndex = 0; packageIndex < packages; packageIndex += 1) {
    mkdirSync(join(directory, 'lib', `pkg${packageIndex}`), { recursive: true });
    writeFileSync(join(directory, 'lib', `pkg${packageIndex}`, '__init__.py'), `from .module0 import Class0\n`);
  }
  for (let fileIndex = 0; fileIndex < fileCount; fileIndex += 1) {
    const packageIndex = fileIndex % packages;
    const moduleIndex = Math.floor(fileIndex / packages);
    const lines = [
      '"""Generated module."""',
      'import os',
      `from lib.pkg${(packageIndex + 1) % packages} import Class0 as Other`,
      moduleIndex > 0 ? `from .module${moduleIndex - 1} import helper0 as previous` : 'previous = None',
      '',
    ];
    for (let classIndex = 0; classIndex < 4; classIndex += 1) {
      lines.push(`class Class${classIndex}(Other):`, `    """Class ${classIndex}."""`, '    limit = 10', '');
      for (let methodIndex = 0; methodIndex < 6; methodIndex += 1) {
        lines.push(
          `    def method${methodIndex}(self, value, *args, **kwargs):`,
          `        total = 0`,
          `        for item in range(value):`,
          `            if item % 3 == 0 and item > self.limit:`,
          `                total += helper${methodIndex % 3}(item, os.sep)`,
          `            elif item:`,
          `                total -= len(args) * previous(item) if previous else 1`,
          `        try:`,
          `            return self.method${(methodIndex + 1) % 6}(total) if total < 0 else total`,
          `        except ValueError as error:`,
          `            raise RuntimeError(str(error))`,
          '',
        );
      }
    }
    for (let helperIndex = 0; helperIndex < 3; helperIndex += 1) {
      lines.push(`def helper${helperIndex}(value, separator=None):`, `    return [value * 2 for _ in range(3)][0]`, '');
    }
    writeFileSync(join(directory, 'lib', `pkg${packageIndex}`, `module${moduleIndex}.py`), `${lines.join('\n')}\n`);
  }
  return directory;
}

/**
 * The working tree in memory, with blob ids known up front as a commit's tree gives them
 * through a GitReaderV1 (read and hashed here once, outside the timed runs). Both sides of the
 * comparison read from it: file reading is left out of both, so neither gains or loses by how
 * it reads (one await per file costs more than parsing a small file's worth of time).
 */
async function inMemory(source: RepositorySource): Promise<RepositorySource> {
  const files = await source.listFiles();
  const contents = new Map<string, Uint8Array>();
  const blobIds = new Map<string, string>();
  for (const file of files) {
    const bytes = await source.readFile(file.path);
    if (bytes === null) continue;
    contents.set(file.path, bytes);
    blobIds.set(file.path, gitBlobSha(bytes));
  }
  return {
    listFiles: async () => files.filter((file) => contents.has(file.path)).map((file) => ({ path: file.path, blobSha: blobIds.get(file.path) as string })),
    readFile: async (path) => contents.get(path) ?? null,
  };
}

/** The same snapshot with one file's content changed (the repository on disk stays untouched). */
async function withOneFileChanged(source: RepositorySource, path: string, edit: (text: string) => string): Promise<RepositorySource> {
  const original = await source.readFile(path);
  const changed = Buffer.from(edit(Buffer.from(original ?? new Uint8Array()).toString('utf8')), 'utf8');
  const changedId = gitBlobSha(changed);
  return {
    listFiles: async (options) => (await source.listFiles(options)).map((file) => (file.path === path ? { path, blobSha: changedId } : file)),
    readFile: async (filePath, options) => (filePath === path ? changed : source.readFile(filePath, options)),
  };
}

interface Measured<Value> {
  readonly value: Value;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `task` after a turn of the event loop (and, with SWESPOT_BENCH_GC=1, a full collection). */
async function measure<Value>(task: () => Promise<Value>): Promise<Measured<Value>> {
  if (process.env['SWESPOT_BENCH_GC'] === '1') (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await task();
  const cpu = process.cpuUsage(cpuStart);
  return { value, wallMs: performance.now() - wallStart, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The best of several measurements: least CPU time and least wall clock, each on its own. */
function best<Value>(runs: readonly Measured<Value>[]): Measured<Value> {
  const last = runs.at(-1) as Measured<Value>;
  return {
    value: last.value,
    cpuMs: Math.min(...runs.map((run) => run.cpuMs)),
    wallMs: Math.min(...runs.map((run) => run.wallMs)),
  };
}

async function parseOnly(backend: ParserBackend, source: RepositorySource): Promise<number> {
  const files = (await source.listFiles()).filter((file) => languageForPath(file.path) !== undefined);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let parsed = 0;
  let lastTurn = performance.now();
  for (const file of files) {
    // The event loop gets a turn as often as indexRepository gives one (the collector's scheduled work runs in turns).
    if (performance.now() - lastTurn > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
    const language = languageForPath(file.path) as (typeof builtinLanguages)[number];
    const bytes = await source.readFile(file.path);
    if (bytes === null || bytes.byteLength > 1024 * 1024 || bytes.includes(0)) continue;
    const grammar = (await compileLanguage(backend, language)).grammar;
    grammar.parse(decoder.decode(bytes)).dispose();
    parsed += 1;
  }
  return parsed;
}

/**
 * Peak resident memory of indexing `directory` once, cold, with `backend`: measured in a child
 * process (this script in memory mode), so nothing the benchmark keeps or has freed counts.
 */
function peakMemoryOfOneIndex(backend: 'native' | 'wasm', directory: string): string {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, SWESPOT_BENCH_MEMORY_OF: backend, SWESPOT_BENCH_REPOSITORY: directory },
    encoding: 'utf8',
  });
  const figures = /^memory: (\{.*\})$/m.exec(child.stdout ?? '')?.[1];
  if (child.status !== 0 || figures === undefined) return `not measured (the child exited ${child.status}: ${(child.stderr ?? '').trim().slice(-300)})`;
  const { maxRssMiB, heapMiB } = JSON.parse(figures) as { maxRssMiB: number; heapMiB: number };
  return `${maxRssMiB.toFixed(0)} MiB resident (JavaScript heap ${heapMiB.toFixed(0)} MiB after the run)`;
}

const memoryOf = process.env['SWESPOT_BENCH_MEMORY_OF'];
if (memoryOf === 'native' || memoryOf === 'wasm') {
  const { index } = await indexRepository({ source: repositoryFromEnvironment ?? '.', backend: memoryOf });
  const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
  // VmHWM is this process's own peak; getrusage's maxRSS also counts the parent's pages at the fork before exec.
  const highWater = /^VmHWM:\s+(\d+) kB$/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '')?.[1];
  const maxRssMiB = (highWater === undefined ? process.resourceUsage().maxRSS : Number(highWater)) / 1024;
  console.log(`memory: ${JSON.stringify({ maxRssMiB, heapMiB, files: index.files.length })}`);
  process.exit(0);
}

const generated = repositoryFromEnvironment === undefined ? generateRepository(generatedFiles) : undefined;
const directory = repositoryFromEnvironment ?? (generated as string);
const source = await inMemory(createFileSystemRepositorySource({ directory }));
const requested = (process.env['SWESPOT_BENCH_BACKENDS'] ?? 'native,wasm').split(',').map((name) => name.trim());
const factories = { native: createNativeBackend, wasm: createWasmBackend } as const;

console.log(`code-index benchmark on ${repositoryFromEnvironment ?? `a generated repository of ${generatedFiles} Python files`}`);
try {
  for (const name of requested) {
    if (name !== 'native' && name !== 'wasm') continue;
    if (name === 'native' && selectParserBackend('auto').backend.name !== 'native') {
      console.log('native: the binding does not load here; skipped');
      continue;
    }
    const backend = factories[name]();
    // Warm up: load the grammars and compile the queries outside the timed runs.
    for (const language of builtinLanguages) await compileLanguage(backend, language);
    // Only figures are kept from each round, and the last cold result: indexes kept from earlier
    // rounds would be garbage the collector marks again and again inside the timed runs.
    const parseRuns: Measured<number>[] = [];
    const coldRuns: Measured<undefined>[] = [];
    let cold: Awaited<ReturnType<typeof indexRepository>> | undefined;
    let cache = createMemoryIndexCache();
    for (let round = 0; round < rounds; round += 1) {
      parseRuns.push(await measure(() => parseOnly(backend, source)));
      // A new cache each round: every round indexes cold.
      cold = undefined;
      cache = createMemoryIndexCache();
      const indexCache = cache;
      const run = await measure(() => indexRepository({ source, backend, cache: indexCache }));
      cold = run.value;
      coldRuns.push({ ...run, value: undefined });
    }
    if (cold === undefined) throw new Error('no cold index');
    const lastColdWallMs = coldRuns.at(-1)?.wallMs ?? Number.NaN;
    const parse = best(parseRuns);
    const coldBest = best(coldRuns);
    const coldIndex = cold.index;
    const files = coldIndex.files;
    // The worst case for re-linking: the file that the most other files reference.
    const referrers = (path: string) => new Set(coldIndex.referencesTo(path).map((entry) => entry.path)).size;
    const changedPath = files
      .map((file) => ({ path: file.path, referrers: referrers(file.path) }))
      .sort((left, right) => right.referrers - left.referrers || (left.path < right.path ? -1 : 1))[0]?.path;
    if (changedPath === undefined) throw new Error(`${directory}: no files to index`);
    // Each re-index round reads the cold cache and writes to its own overlay, so each parses the changed file.
    const coldCache = cache;
    const reindex = async (changed: RepositorySource) => {
      const runs: Measured<IndexRunStatistics>[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const overlay = createMemoryIndexCache();
        const layered = { get: async (key: string) => (await overlay.get(key)) ?? coldCache.get(key), set: overlay.set };
        const run = await measure(() => indexRepository({ source: changed, backend, cache: layered, previous: coldIndex }));
        runs.push({ ...run, value: run.value.statistics });
      }
      return best(runs);
    };
    // An edit inside the file: every line moves down, no name changes (re-links the file and its referrers).
    const warm = await reindex(await withOneFileChanged(source, changedPath, (text) => `# edited\n${text.replace(/\n/, '\n# edited\n')}`));
    // A new top-level function: the file's interface grows, so every file is linked again.
    const warmGrown = await reindex(await withOneFileChanged(source, changedPath, (text) => `${text}\n\ndef benchmark_added_function():\n    return 1\n`));
    const counts = coldIndex.counts();
    const memory = peakMemoryOfOneIndex(name, directory);
    console.log(
      [
        `${name}: best of ${rounds} interleaved rounds, ${files.length} files (${parse.value} parsed in the baseline), ${counts.entitiesByKind.function + counts.entitiesByKind.method + counts.entitiesByKind.class} classes and functions, ${counts.references.resolved} resolved references`,
        `  index / parse-only: ${(coldBest.cpuMs / parse.cpuMs).toFixed(2)}x CPU time, ${(coldBest.wallMs / parse.wallMs).toFixed(2)}x wall clock (goal <= 2x)`,
        `  files per second: ${(files.length / (coldBest.wallMs / 1000)).toFixed(0)} indexing, ${(parse.value / (parse.wallMs / 1000)).toFixed(0)} parse-only`,
        `  re-index after editing ${changedPath} / cold index: ${((warm.cpuMs / coldBest.cpuMs) * 100).toFixed(1)}% CPU time, ${((warm.wallMs / coldBest.wallMs) * 100).toFixed(1)}% wall clock (goal < 5%); parsed ${warm.value.parsedFiles}, linked ${warm.value.linkedFiles}, re-targeted ${warm.value.retargetedFiles} file(s)`,
        `  re-index after adding a function to it / cold index: ${((warmGrown.cpuMs / coldBest.cpuMs) * 100).toFixed(1)}% CPU time, ${((warmGrown.wallMs / coldBest.wallMs) * 100).toFixed(1)}% wall clock (goal < 5%); parsed ${warmGrown.value.parsedFiles}, linked ${warmGrown.value.linkedFiles}, re-targeted ${warmGrown.value.retargetedFiles} file(s)`,
        `  cold phases (last round): extract ${((cold.statistics.timings.extractMs / lastColdWallMs) * 100).toFixed(0)}%, link ${((cold.statistics.timings.linkMs / lastColdWallMs) * 100).toFixed(0)}%, read ${((cold.statistics.timings.readMs / lastColdWallMs) * 100).toFixed(0)}% of wall clock`,
        `  peak memory of one cold index in a fresh process: ${memory}`,
      ].join('\n'),
    );
  }
} finally {
  if (generated !== undefined) rmSync(generated, { recursive: true, force: true });
}

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitCliReader } from './__fixtures__/create-git-cli-reader';
import { referenceRepository } from './__fixtures__/read-reference-labels';
import { createFileIndexCache } from './cache/create-file-index-cache';
import { createMemoryIndexCache } from './cache/create-memory-index-cache';
import { indexRepository } from './index-repository';
import { createGitRepositorySource } from './source/create-git-repository-source';
import { readCodeIndex, writeCodeIndex } from './write-code-index';

const temporary: string[] = [];
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

function gitRepositoryFromFixture(): string {
  const directory = mkdtempSync(join(tmpdir(), 'code-index-'));
  temporary.push(directory);
  cpSync(referenceRepository, directory, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', directory, ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'add', '-A');
  git('-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '-q', '-m', 'fixture');
  return directory;
}

describe('indexRepository', () => {
  it('builds identical indexes with the native and the WASM backend', async () => {
    const native = await indexRepository({ source: referenceRepository, backend: 'native' });
    const wasm = await indexRepository({ source: referenceRepository, backend: 'wasm' });
    expect(native.index.backend).toBe('native');
    expect(wasm.index.backend).toBe('wasm');
    const comparable = (record: ReturnType<typeof native.index.toRecord>) => ({ ...record, backend: undefined, createdAt: undefined });
    expect(native.index.files.length).toBeGreaterThan(20);
    expect(comparable(wasm.index.toRecord())).toEqual(comparable(native.index.toRecord()));
  });

  it('finds test files by convention and by the repository configuration, and the tests relevant to a change', async () => {
    const { index } = await indexRepository({ source: referenceRepository });
    const testFiles = index.testFiles().map((file) => file.path);
    // pyproject.toml adds check_*.py; tests/helpers.py is not a test file.
    expect(testFiles).toEqual(['apps/web/src/main.test.ts', 'tests/check_units.py', 'tests/test_geometry.py']);
    expect(index.file('tests/test_geometry.py')?.tests.map((test) => test.qualifiedName)).toEqual([
      'test_distance',
      'test_points',
      'TestPoint.test_norm',
      'test_param',
    ]);
    expect(index.file('tests/check_units.py')?.tests.map((test) => test.qualifiedName)).toEqual([
      'UnitsCase.test_to_meters',
      'UnitsCase.test_hypot',
    ]);
    expect(index.file('apps/web/src/main.test.ts')?.tests.map((test) => test.qualifiedName)).toEqual([
      'App > starts',
      'App > boots and clamps',
    ]);
    // `from shapes import render` reaches the package; `render` re-exports nothing, but geometry is imported directly.
    expect(index.testsFor('src/shapes/geometry.py').map((entry) => entry.path)).toEqual(['tests/test_geometry.py']);
    expect(index.testsFor('src/shapes/units.py').map((entry) => entry.path)).toEqual(['tests/check_units.py']);
    // main.test.ts imports clamp from the @fx/util barrel, which re-exports it from math.ts (one level).
    expect(index.testsFor('packages/util/src/math.ts').map((entry) => entry.path)).toEqual(['apps/web/src/main.test.ts']);
    expect(index.file('apps/web/src/main.test.ts')?.testedFiles).toContain('packages/util/src/index.ts');
  });

  it('resolves imports of every form to files and marks external ones', async () => {
    const { index } = await indexRepository({ source: referenceRepository });
    const importsOf = (path: string) =>
      Object.fromEntries((index.file(path)?.imports ?? []).map((entry) => [`${entry.kind} ${entry.source} ${entry.name ?? ''}`.trim(), entry.resolvedPath ?? (entry.external ? 'external' : 'missing')]));
    expect(importsOf('apps/web/src/main.ts')).toEqual({
      'name @fx/util clamp': 'packages/util/src/index.ts',
      'name @fx/util interpolate': 'packages/util/src/index.ts',
      'name @fx/util Vector': 'packages/util/src/index.ts',
      'name @fx/util Logger': 'packages/util/src/index.ts',
      'name @fx/util shout': 'packages/util/src/index.ts',
      'name @fx/util nested': 'packages/util/src/index.ts',
      'namespace @fx/util': 'packages/util/src/index.ts',
      'name @fx/util/strings pad': 'packages/util/src/strings.ts',
      'name @app/view render': 'apps/web/src/view/index.tsx',
      'default ./config default': 'apps/web/src/config.ts',
      'name ../../../packages/util/src/math.js lerp': 'packages/util/src/math.ts',
      'namespace ./legacy': 'apps/web/src/legacy.js',
    });
    expect(importsOf('src/shapes/render/svg.py')).toMatchObject({
      'name .canvas Canvas': 'src/shapes/render/canvas.py',
      'wildcard .canvas': 'src/shapes/render/canvas.py',
      'name .. geometry': 'src/shapes/__init__.py',
      'name ..geometry origin': 'src/shapes/geometry.py',
    });
    expect(importsOf('src/shapes/units.py')).toEqual({ 'module math': 'external', 'module numpy': 'external' });
    expect(index.file('src/shapes/render/canvas.py')?.moduleName).toBe('shapes.render.canvas');
    expect(index.importersOf('src/shapes/units.py')).toContain('tools/report.py');
  });

  it('indexes a commit through a GitReaderV1 exactly like the same working tree', async () => {
    const directory = gitRepositoryFromFixture();
    const git = createGitCliReader(directory);
    const commit = await git.resolveRef('HEAD');
    const fromGit = await indexRepository({ source: createGitRepositorySource({ git, commit }) });
    const fromDisk = await indexRepository({ source: directory });
    expect(fromGit.index.commit).toBe(commit);
    expect(fromGit.index.files).toEqual(fromDisk.index.files);
  });

  it('re-parses only changed files when the cache holds the others', async () => {
    const directory = gitRepositoryFromFixture();
    const cache = createFileIndexCache({ directory: join(directory, '.cache') });
    const first = await indexRepository({ source: directory, cache, include: (path) => !path.startsWith('.cache/') });
    // The two empty __init__.py files share a blob: it is parsed once, and the second file shares it.
    expect(first.statistics.cachedFiles).toBe(0);
    expect(first.statistics.duplicateFiles).toBe(1);
    expect(first.index.entity('src/shapes/render/__init__.py', '<module>')?.name).toBe('render');
    expect(first.index.entity('src/shapes/core/__init__.py', '<module>')?.name).toBe('core');
    const file = join(directory, 'src/shapes/units.py');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\ndef added():\n    return hypot(1, 1)\n`);
    const second = await indexRepository({ source: directory, cache, include: (path) => !path.startsWith('.cache/') });
    expect(second.statistics.parsedFiles).toBe(1);
    expect(second.statistics.cachedFiles).toBe(first.index.files.length - 2);
    expect(second.statistics.duplicateFiles).toBe(1);
    expect(second.index.entity('src/shapes/units.py', 'added')?.kind).toBe('function');
    const unchanged = (result: typeof first) => result.index.files.filter((entry) => entry.path !== 'src/shapes/units.py');
    expect(unchanged(second)).toEqual(unchanged(first));
  });

  it('with a file cache on a repository of duplicate files, succeeds on its first run with the same bytes as an uncached run', async () => {
    const directory = gitRepositoryFromFixture();
    // Many files per blob, as in real repositories: empty __init__.py files, copied setup.py files.
    const git = (...args: string[]) => execFileSync('git', ['-C', directory, '-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args]);
    for (let index = 0; index < 12; index += 1) {
      writeFileSync(join(directory, `src/shapes/empty_${index}.py`), '');
      writeFileSync(join(directory, `src/shapes/copy_${index}.py`), readFileSync(join(directory, 'src/shapes/units.py')));
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'duplicates');
    const reader = createGitCliReader(directory);
    const commit = await reader.resolveRef('HEAD');
    const source = () => createGitRepositorySource({ git: reader, commit });
    const bytesOf = async (index: Awaited<ReturnType<typeof indexRepository>>['index'], name: string) => {
      const path = join(directory, name);
      await writeCodeIndex(path, index);
      return readFileSync(path, 'utf8').replace(/"createdAt":"[^"]*"/, '"createdAt":""');
    };
    const uncached = await indexRepository({ source: source() });
    const cache = createFileIndexCache({ directory: join(directory, '.cache') });
    const first = await indexRepository({ source: source(), cache });
    expect(first.statistics.duplicateFiles).toBeGreaterThanOrEqual(24);
    expect(first.statistics.parsedFiles + first.statistics.duplicateFiles).toBe(first.index.files.length);
    expect(await bytesOf(first.index, 'first.json')).toBe(await bytesOf(uncached.index, 'uncached.json'));
    const second = await indexRepository({ source: source(), cache });
    expect(second.statistics.parsedFiles).toBe(0);
    expect(await bytesOf(second.index, 'second.json')).toBe(await bytesOf(uncached.index, 'uncached.json'));
  });

  it('re-links only the changed file and re-targets its referrers when its interface is unchanged, with the same result as a full link', async () => {
    const directory = gitRepositoryFromFixture();
    const cache = createMemoryIndexCache();
    const first = await indexRepository({ source: directory, cache });
    const file = join(directory, 'src/shapes/units.py');
    // Two lines above everything: every entity of units.py moves, its names stay.
    writeFileSync(file, `# moved\n# down\n${readFileSync(file, 'utf8')}`);
    const incremental = await indexRepository({ source: directory, cache, previous: first.index });
    const full = await indexRepository({ source: directory, cache });
    expect(incremental.statistics.linkedFiles).toBe(1);
    expect(incremental.statistics.retargetedFiles).toBe(new Set(first.index.referencesTo('src/shapes/units.py').map((entry) => entry.path)).size);
    expect(incremental.statistics.retargetedFiles).toBeGreaterThan(1);
    expect(incremental.index.files).toEqual(full.index.files);
    expect(JSON.stringify(incremental.index.toRecord().files)).toBe(JSON.stringify(full.index.toRecord().files));
    const hypot = full.index.referencesTo('src/shapes/units.py', 'hypot')[0]?.reference;
    expect(hypot?.targetLine).toBe((first.index.entity('src/shapes/units.py', 'hypot')?.lineRange.start ?? 0) + 2);
  });

  it('after edits that change interfaces, links again only the files mentioning a changed name, with the same result as a full link', async () => {
    const directory = gitRepositoryFromFixture();
    // A name reached only through an alias: use_alias.py never mentions `hypot`.
    writeFileSync(join(directory, 'src/shapes/aliases.py'), 'from .units import hypot as hyp\n');
    writeFileSync(join(directory, 'src/shapes/use_alias.py'), 'from .aliases import hyp\n\n\ndef length():\n    return hyp(3, 4)\n');
    const cache = createMemoryIndexCache();
    let previous = (await indexRepository({ source: directory, cache })).index;
    const total = previous.files.length;
    const edit = (path: string, change: (text: string) => string) => writeFileSync(join(directory, path), change(readFileSync(join(directory, path), 'utf8')));
    expect(previous.referencesTo('src/shapes/units.py', 'hypot').map((entry) => entry.path)).toContain('src/shapes/use_alias.py');
    const edits: [string, () => void, (linked: number) => boolean][] = [
      // A new top-level function: only its own file mentions the name.
      ['a new function', () => edit('src/shapes/units.py', (text) => `${text}\n\ndef added_helper():\n    return 1\n`), (linked) => linked === 1],
      // A function that becomes a class: use_alias.py must learn the new kind through the alias.
      ['a new kind behind an alias', () => edit('src/shapes/units.py', (text) => text.replace('def hypot(x, y):\n    return', 'class hypot:\n    def __init__(self, x, y):\n        pass\n\n    area =')), (linked) => linked > 2 && linked < total],
      // A renamed function imported by name elsewhere (and passed on by `from .units import *`).
      ['a rename', () => edit('src/shapes/units.py', (text) => text.replaceAll('def to_meters(', 'def to_meters_renamed(')), (linked) => linked > 1 && linked < total],
      // New bases of a class that others subclass.
      ['new bases', () => edit('src/shapes/core/base.py', (text) => text.replace('class Registry:', 'class Registry(dict):')), (linked) => linked < total],
      // A TypeScript export renamed, re-exported under an alias by the package index.
      ['a renamed export', () => edit('packages/util/src/math.ts', (text) => text.replace('export const lerp =', 'export const lerp2 =')), (linked) => linked > 1 && linked < total],
      // An alias added to a package's re-exports.
      ['a new alias', () => edit('src/shapes/__init__.py', (text) => `${text}from .geometry import distance as far\n`), (linked) => linked < total],
      // Lines move in a file nothing changes in: its referrers are re-targeted.
      ['moved lines', () => edit('src/shapes/geometry.py', (text) => `# moved\n${text}`), (linked) => linked === 1],
    ];
    for (const [name, apply, expected] of edits) {
      apply();
      const incremental = await indexRepository({ source: directory, cache, previous });
      const full = await indexRepository({ source: directory, cache });
      expect(JSON.stringify(incremental.index.toRecord().files), name).toBe(JSON.stringify(full.index.toRecord().files));
      expect(expected(incremental.statistics.linkedFiles), `${name}: linked ${incremental.statistics.linkedFiles} of ${total}`).toBe(true);
      previous = incremental.index;
    }
  });

  it('writes index.json validated by the core schema and reads it back', async () => {
    const { index } = await indexRepository({ source: referenceRepository, cache: createMemoryIndexCache() });
    const directory = mkdtempSync(join(tmpdir(), 'code-index-out-'));
    temporary.push(directory);
    const path = join(directory, 'index.json');
    await writeCodeIndex(path, index);
    const read = await readCodeIndex(path);
    expect(read.toRecord()).toEqual(index.toRecord());
    writeFileSync(path, JSON.stringify({ ...index.toRecord(), files: [{ path: 'x.py' }] }));
    await expect(readCodeIndex(path)).rejects.toThrow(/files\.0\.language/);
  });

  it('gives the event loop turns while indexing from a source that answers from memory', async () => {
    const body = Array.from({ length: 40 }, (_, index) => `def f${index}(x):\n    return [y * x for y in range(x) if y > ${index}]\n`).join('\n');
    // Different contents per file: files with one blob are parsed once.
    const files = new Map(Array.from({ length: 150 }, (_, index) => [`pkg/m${index}.py`, Buffer.from(`import os\nname = 'm${index}'\n${body}`)]));
    const source = {
      listFiles: async () => [...files.keys()].map((path) => ({ path })),
      readFile: async (path: string) => files.get(path) ?? null,
    };
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const started = performance.now();
    try {
      await indexRepository({ source });
    } finally {
      clearInterval(timer);
    }
    const elapsed = performance.now() - started;
    // A timer due every 5 ms fires during the run, not only after it: a run without turns gives it
    // at most one tick, and the indexer gives a turn at least every 20 ms of parsing.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(3);
    // So a timeout can stop a run from memory: the signal's timer fires during the parse phase.
    const started2 = performance.now();
    await expect(indexRepository({ source, abortSignal: AbortSignal.timeout(20) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started2).toBeLessThan(elapsed);
  });

  it('rejects a bad maxFileBytes naming the option', async () => {
    await expect(indexRepository({ source: referenceRepository, maxFileBytes: 0 })).rejects.toThrow(/maxFileBytes/);
  });
});

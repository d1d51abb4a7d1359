import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeIndex, ParserBackendName } from '@swespot/code-index';
import {
  fimTaskSchema,
  InvalidArgumentError,
  stableId,
  type EnvironmentSpec,
  type FimHole,
  type FimTask,
  type HolePart,
  type ModelV1,
  type TestSpec,
} from '@swespot/core';
import { describeHoles, type InstructionSource } from './describe-holes';
import { findCoveringTests, coveringTestSelection } from './find-covering-tests';
import { findHoleCandidates, lineOf, lineStartsOf, type HoleCandidate, type HoleCandidateSkips } from './find-hole-candidates';
import { builtinHoleSyntaxes, holeSyntaxFor } from './hole-syntax';
import { makeHoledFile, placeholderRanges, restoreHoledFile } from './holed-file';
import { sampleHoles } from './sample-holes';
import { createSourceParser, type SourceParser } from './source-parser';
import { VERSION } from './version';

/** The snapshot a run reads: its work tree, the source commit it holds and the cutoff. */
export interface FimSnapshot {
  /** The snapshot's work tree (from repo-sandbox's `createSnapshot`); the only place files are read from. */
  readonly directory: string;
  /** The source repository's commit the snapshot holds. */
  readonly commit: string;
  /** The knowledge cutoff, ISO 8601. */
  readonly cutoff: string;
  /** The commit's committer date, ISO 8601: the default `createdAt` of the records, so reruns are byte-identical. */
  readonly committedAt: string;
}

/** Options of {@link mineFimTasks}. */
export interface MineFimTasksOptions {
  readonly snapshot: FimSnapshot;
  /** The code index of the snapshot (with hotness, for weighting). */
  readonly index: CodeIndex;
  /** Repository name, `owner/name`. */
  readonly repo: string;
  /** Tasks to write. Must be 1 or more. */
  readonly count: number;
  /** Seed of every choice. Default: 0. */
  readonly seed?: number;
  /** Largest share of negative tasks. Default: 0.1. See {@link sampleHoles}. */
  readonly negativeRatio?: number;
  /** Most holes per task. Default: 1. */
  readonly holesPerTask?: number;
  /** Parts to offer. Default: whole definitions and bodies. */
  readonly parts?: readonly HolePart[];
  /** Fewest lines of code in a body. Default: 3. */
  readonly minimumBodyLines?: number;
  /** Most lines in a hole. Default: 150. */
  readonly maximumHoleLines?: number;
  /** More paths to leave out. */
  readonly excludePath?: (path: string) => boolean;
  /** Where the tasks run (an image with the project installed). */
  readonly environment: EnvironmentSpec;
  /** How the project's tests run; each task's `selection` is replaced by the hole's tests when it has some. */
  readonly testSpec: TestSpec;
  /** Describes definitions without a docstring. Default: none (a fixed template). */
  readonly model?: ModelV1;
  /** `provenance.createdAt` of every record. Default: `snapshot.committedAt`, so the same inputs give the same bytes. */
  readonly createdAt?: string;
  /** The tree-sitter backend or a parser to reuse. Default: `auto`. */
  readonly parser?: SourceParser | ParserBackendName;
  /** Ids to leave out (already written by an earlier, interrupted run): no model call is made for them. */
  readonly skipId?: (id: string) => boolean;
  /** Receives each task, in order, as soon as it is made (write it here to survive a crash). */
  readonly onTask?: (task: FimTask) => void | Promise<void>;
  /** Progress of the two phases: `candidates` (files scanned) and `tasks` (tasks built). */
  readonly onProgress?: (progress: { readonly phase: 'candidates' | 'tasks'; readonly done: number; readonly total: number }) => void;
  readonly abortSignal?: AbortSignal;
}

/** What a run found and made. */
export interface FimMiningStatistics {
  /** Candidates found, by classification. */
  readonly candidates: { readonly positive: number; readonly negative: number };
  /** What was left out, and why. */
  readonly skips: HoleCandidateSkips;
  /** Tasks made (including those skipped by `skipId`). */
  readonly tasks: number;
  /** Tasks skipped because `skipId` said they were written before. */
  readonly skippedExisting: number;
  /** Tasks dropped because their holed file did not parse. */
  readonly droppedUnparseable: number;
  /** Tasks by classification. */
  readonly byClassification: Readonly<Record<'positive' | 'negative', number>>;
  /** Holes by kind: `function`, `function body`, `method`, `method body`, `class`, `class body`. */
  readonly holesByKind: Readonly<Record<string, number>>;
  /** Tasks by cross-file dependency count: `0`, `1`, `2`, `3-4`, `5-9`, `10+`. */
  readonly tasksByDependencyCount: Readonly<Record<string, number>>;
  /** Holes by where their description came from. */
  readonly instructionSources: Readonly<Record<InstructionSource, number>>;
  /** Tasks with tests found for their holes (test ids or test files). */
  readonly tasksWithTests: number;
  /** Distinct cross-file dependencies the tasks cover. */
  readonly distinctDependencies: number;
}

/** The bucket of a dependency count in {@link FimMiningStatistics.tasksByDependencyCount}. */
export function dependencyCountBucket(count: number): string {
  if (count <= 2) return String(count);
  if (count <= 4) return '3-4';
  if (count <= 9) return '5-9';
  return '10+';
}

/** The kind of a hole for counts: `method`, `method body`, ... */
export function holeKind(hole: { readonly granularity: string; readonly part?: HolePart | undefined }): string {
  return hole.part === 'body' ? `${hole.granularity} body` : hole.granularity;
}

/**
 * Mines agentic FIM tasks (RCX unit 2) from a snapshot and its code index: hole candidates
 * aligned to the syntax tree, classified by cross-file dependencies, sampled (positives
 * coverage-greedy and hotness-weighted, negatives downsampled), each made into a core
 * `FimTask` (schema version 2): the instruction, the holes with their placeholders, the
 * ground truth, the dependencies (kept out of the instruction), and the tests that exercise
 * the holes as the task's test selection.
 *
 * Every task is checked before it is handed out: its holed file parses, and putting the
 * ground truth back gives the original file byte for byte. Reads files only from
 * `snapshot.directory`. The same inputs and seed give the same tasks in the same order.
 *
 * @throws {InvalidArgumentError} when `count` is below 1 (argument `count`), or the index
 *   has no file in a language holes support (argument `repo`).
 */
export async function mineFimTasks(options: MineFimTasksOptions): Promise<{ tasks: FimTask[]; statistics: FimMiningStatistics }> {
  const { snapshot, index, abortSignal } = options;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new InvalidArgumentError({ argument: 'count', message: `count: expected a whole number of tasks, 1 or more; got ${options.count}.` });
  }
  const supported = index.files.filter((file) => holeSyntaxFor(file.language, builtinHoleSyntaxes) !== undefined);
  if (supported.length === 0) {
    throw new InvalidArgumentError({
      argument: 'repo',
      message: `${options.repo}: the snapshot has no source file in a language FIM holes support (Python, JavaScript, TypeScript, TSX); nothing to mine.`,
    });
  }
  const parser = typeof options.parser === 'object' ? options.parser : createSourceParser({ backend: options.parser ?? 'auto' });
  const readSnapshotFile = (path: string) => readFile(join(snapshot.directory, path));
  const { candidates, skips } = await findHoleCandidates({
    index,
    readFile: readSnapshotFile,
    parser,
    ...(options.parts ? { parts: options.parts } : {}),
    ...(options.minimumBodyLines === undefined ? {} : { minimumBodyLines: options.minimumBodyLines }),
    ...(options.maximumHoleLines === undefined ? {} : { maximumHoleLines: options.maximumHoleLines }),
    ...(options.excludePath ? { excludePath: options.excludePath } : {}),
    onProgress: ({ done, total }) => options.onProgress?.({ phase: 'candidates', done, total }),
    ...(abortSignal ? { abortSignal } : {}),
  });
  const testedFiles = new Map<string, boolean>();
  const hasTests = (path: string) => {
    let tested = testedFiles.get(path);
    if (tested === undefined) {
      tested = index.testsFor(path).some((test) => test.path !== path);
      testedFiles.set(path, tested);
    }
    return tested;
  };
  // Sample, then check each chosen task's holed file; a placeholder that does not parse
  // where its code stood (rare: a definition inside an expression) rules the candidate out
  // and the sample is drawn again without it, so the count and the ratio still hold.
  const rejected = new Set<HoleCandidate>();
  const prepared = new Map<string, PreparedTask>();
  const keyOf = (holes: readonly HoleCandidate[]) => holes.map((hole) => `${hole.path}:${hole.byteRange.start}-${hole.byteRange.end}`).join(' ');
  let droppedUnparseable = 0;
  let sampled: ReturnType<typeof sampleHoles>;
  for (;;) {
    abortSignal?.throwIfAborted();
    sampled = sampleHoles(
      rejected.size === 0 ? candidates : candidates.filter((candidate) => !rejected.has(candidate)),
      {
        count: options.count,
        seed,
        hasTests,
        ...(options.negativeRatio === undefined ? {} : { negativeRatio: options.negativeRatio }),
        ...(options.holesPerTask === undefined ? {} : { holesPerTask: options.holesPerTask }),
      },
    );
    let clean = true;
    for (const chosen of sampled) {
      if (prepared.has(keyOf(chosen.holes))) continue;
      const task = await prepareTask(chosen.holes, readSnapshotFile, parser);
      if (task === undefined) {
        droppedUnparseable++;
        for (const hole of chosen.holes) rejected.add(hole);
        clean = false;
      } else prepared.set(keyOf(chosen.holes), task);
    }
    if (clean) break;
  }

  // Test files are read once each, however many tasks share them.
  const testFileTexts = new Map<string, Promise<Buffer>>();
  const readTestFile = (path: string) => {
    let text = testFileTexts.get(path);
    if (text === undefined) {
      text = readSnapshotFile(path);
      testFileTexts.set(path, text);
    }
    return text;
  };
  const createdAt = options.createdAt ?? snapshot.committedAt;
  const tasks: FimTask[] = [];
  const holesByKind: Record<string, number> = {};
  const tasksByDependencyCount: Record<string, number> = {};
  const instructionSources: Record<InstructionSource, number> = { docstring: 0, model: 0, template: 0 };
  const byClassification = { positive: 0, negative: 0 };
  const dependencies = new Set<string>();
  let skippedExisting = 0;
  let tasksWithTests = 0;
  const repoSlug = options.repo.replace('/', '__');
  for (let taskNumber = 0; taskNumber < sampled.length; taskNumber++) {
    abortSignal?.throwIfAborted();
    options.onProgress?.({ phase: 'tasks', done: taskNumber, total: sampled.length });
    const chosen = sampled[taskNumber]!;
    const holes = chosen.holes;
    const { file, fimHoles, holed } = prepared.get(keyOf(holes))!;
    const id = `${repoSlug}__fim-${stableId({ repo: options.repo, commit: snapshot.commit, file, holes: holes.map((hole) => [hole.byteRange.start, hole.byteRange.end, hole.part]) }, { length: 12 })}`;
    const taskDependencies = mergeDependencies(holes);
    const classification = taskDependencies.length > 0 ? 'positive' : 'negative';
    if (options.skipId?.(id) === true) {
      skippedExisting++;
      count();
      continue;
    }
    const holedLineStarts = lineStartsOf(holed);
    const described = await describeHoles(
      placeholderRanges(fimHoles).map((range, holeIndex) => ({
        candidate: holes[holeIndex]!,
        number: holeIndex + 1,
        placeholder: fimHoles[holeIndex]!.placeholder,
        placeholderLine: lineOf(holedLineStarts, range.start),
      })),
      { ...(options.model ? { model: options.model } : {}), ...(abortSignal ? { abortSignal } : {}) },
    );
    for (const source of described.sources) instructionSources[source]++;
    const covering = await findCoveringTests(index, file, holes.map((hole) => hole.symbol), { readFile: readTestFile });
    if (covering.testIds.length > 0 || covering.testFiles.length > 0) tasksWithTests++;
    const task = fimTaskSchema.parse({
      schemaVersion: 2,
      id,
      kind: 'fim',
      repo: options.repo,
      snapshot: { commit: snapshot.commit, cutoff: snapshot.cutoff },
      environment: options.environment,
      testSpec: { ...options.testSpec, selection: coveringTestSelection(covering, options.testSpec.framework, options.testSpec.selection) },
      provenance: {
        source: 'fim-holes',
        origin: `${file}:${holes.map((hole) => `${hole.symbol}${hole.part === 'body' ? ' (body)' : ''}`).join(', ')}`,
        generator: { name: '@swespot/fim-holes', version: VERSION },
        createdAt,
      },
      seed,
      file,
      instruction: described.instruction,
      holes: fimHoles,
      classification,
      crossFileDependencies: taskDependencies,
      coveringTests: covering.testIds,
      metadata: {
        instructionSources: described.sources,
        commitCount: holes.reduce((sum, hole) => sum + hole.commitCount, 0),
        testFiles: covering.testFiles,
      },
    });
    tasks.push(task);
    count();
    await options.onTask?.(task);

    function count() {
      byClassification[classification]++;
      for (const hole of holes) holesByKind[holeKind(hole)] = (holesByKind[holeKind(hole)] ?? 0) + 1;
      const bucket = dependencyCountBucket(taskDependencies.length);
      tasksByDependencyCount[bucket] = (tasksByDependencyCount[bucket] ?? 0) + 1;
      for (const dependency of taskDependencies) dependencies.add(`${dependency.definedIn}\u0000${dependency.line ?? dependency.symbol}`);
    }
  }
  options.onProgress?.({ phase: 'tasks', done: sampled.length, total: sampled.length });
  return {
    tasks,
    statistics: {
      candidates: {
        positive: candidates.filter((candidate) => candidate.classification === 'positive').length,
        negative: candidates.filter((candidate) => candidate.classification === 'negative').length,
      },
      skips,
      tasks: tasks.length + skippedExisting,
      skippedExisting,
      droppedUnparseable,
      byClassification,
      holesByKind,
      tasksByDependencyCount,
      instructionSources,
      tasksWithTests,
      distinctDependencies: dependencies.size,
    },
  };
}

/** A chosen task's holes with placeholders and its holed file, checked. */
interface PreparedTask {
  readonly file: string;
  readonly holes: readonly HoleCandidate[];
  readonly fimHoles: readonly (FimHole & { readonly part: HolePart; readonly placeholder: string })[];
  readonly holed: Buffer;
}

/**
 * Puts the placeholders in, and checks the two promises of every task: the ground truth
 * restores the original bytes (else a bug: it throws), and the holed file parses (else
 * `undefined`).
 */
async function prepareTask(holes: readonly HoleCandidate[], read: (path: string) => Promise<Buffer>, parser: SourceParser): Promise<PreparedTask | undefined> {
  const file = holes[0]!.path;
  const syntax = holeSyntaxFor(holes[0]!.language, builtinHoleSyntaxes)!;
  const fimHoles = holes.map((hole, holeIndex) => ({
    byteRange: hole.byteRange,
    lineRange: hole.lineRange,
    removedCode: hole.removedCode,
    granularity: hole.granularity,
    symbol: hole.symbol,
    part: hole.part,
    placeholder: syntax.placeholder({ number: holeIndex + 1, part: hole.part, granularity: hole.granularity, symbol: hole.symbol }),
  }));
  const original = await read(file);
  const holed = makeHoledFile(original, fimHoles);
  if (!restoreHoledFile(holed, fimHoles).equals(original)) {
    throw new Error(`fim-holes: restoring ${file} from its holed file did not give the original bytes; this is a bug.`);
  }
  const parsed = await parser.parse(holes[0]!.language, holed.toString('utf8'));
  return parsed.hasError ? undefined : { file, holes, fimHoles, holed };
}

/** The task's dependencies: each hole's, in hole order, each target once. */
function mergeDependencies(holes: readonly HoleCandidate[]): HoleCandidate['dependencies'][number][] {
  const seen = new Set<string>();
  const merged: HoleCandidate['dependencies'][number][] = [];
  for (const hole of holes) {
    for (const dependency of hole.dependencies) {
      const key = `${dependency.definedIn}\u0000${dependency.line ?? dependency.symbol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(dependency);
    }
  }
  return merged;
}

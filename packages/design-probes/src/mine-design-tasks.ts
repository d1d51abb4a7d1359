import type { CodeIndex } from '@swespot/code-index';
import {
  designTaskSchema,
  InvalidArgumentError,
  stableId,
  type DesignTarget,
  type DesignTask,
  type EnvironmentSpec,
  type GroundingFact,
  type RubricItem,
  type TestSpec,
} from '@swespot/core';
import { DESIGN_REPORT_FORMAT } from './design-report';
import { granularityGroup, selectDesignTargets, type DesignGranularityGroup, type SelectDesignTargetsOptions } from './select-design-targets';
import { VERSION } from './version';

/** The snapshot a run reads. */
export interface DesignSnapshot {
  /** The snapshot's work tree. */
  readonly directory: string;
  /** The source repository's commit the snapshot holds. */
  readonly commit: string;
  /** The knowledge cutoff, ISO 8601. */
  readonly cutoff: string;
  /** The commit's committer date: the default `createdAt`, so reruns give the same bytes. */
  readonly committedAt: string;
}

/** Options of {@link mineDesignTasks}. */
export interface MineDesignTasksOptions extends Pick<SelectDesignTargetsOptions, 'shares' | 'folderCommits' | 'minimumChunkLines' | 'minimumModuleFiles' | 'excludePath'> {
  readonly snapshot: DesignSnapshot;
  /** The code index of the snapshot (with hotness, for weighting). */
  readonly index: CodeIndex;
  /** Repository name, `owner/name`. */
  readonly repo: string;
  /** Probes to write. Must be 1 or more. */
  readonly count: number;
  /** Seed of every choice. Default: 0. */
  readonly seed?: number;
  /** Where the probes run (the repository in an image; no tests are run). */
  readonly environment: EnvironmentSpec;
  /** The repository's test command (the agent may run tests while it explores). */
  readonly testSpec: TestSpec;
  /** `provenance.createdAt`. Default: `snapshot.committedAt`. */
  readonly createdAt?: string;
}

/** What a run made. */
export interface DesignMiningStatistics {
  /** Probes by granularity group: module, file, chunk. */
  readonly byGranularity: Readonly<Record<DesignGranularityGroup, number>>;
  /** Probes by target granularity: module, file, class, function. */
  readonly byTargetGranularity: Readonly<Record<string, number>>;
  /** Probes whose target had commits in the hotness window. */
  readonly withHistory: number;
}

const MAXIMUM_NAMED = 4;

function targetFiles(index: CodeIndex, target: DesignTarget): string[] {
  if (target.granularity === 'module') return index.files.filter((file) => file.path.startsWith(`${target.path}/`)).map((file) => file.path);
  return [target.path];
}

/** What the target is, in a sentence: `the module (folder) \`src/click\``, `the method \`invoke\` of class \`Context\` in ...`. */
export function describeTarget(target: DesignTarget): string {
  switch (target.granularity) {
    case 'module':
      return `the module (folder) \`${target.path}/\``;
    case 'file':
      return `the file \`${target.path}\``;
    case 'class':
      return `the class \`${target.symbol}\` in \`${target.path}\``;
    default: {
      const symbol = target.symbol ?? '';
      const dot = symbol.lastIndexOf('.');
      return dot > 0
        ? `the method \`${symbol.slice(dot + 1)}\` of class \`${symbol.slice(0, dot)}\` in \`${target.path}\``
        : `the ${target.granularity === 'chunk' ? 'code' : 'function'} \`${symbol}\` in \`${target.path}\``;
    }
  }
}

const FOCUS: Record<DesignTarget['granularity'], string> = {
  module:
    'Find out what the module is for as a whole: its main files and the responsibilities it divides among them, the abstractions it offers to the rest of the repository, and what it relies on from other modules.',
  file: 'Find out what the file contributes: the classes and functions it defines and how they fit together, who imports them, and what the file itself builds on.',
  class:
    'Find out what the class models and is responsible for: its state, its main methods, how it is meant to be subclassed or extended, who creates and calls it, and which other classes and functions it depends on.',
  function: 'Find out what it does step by step, the inputs and cases it handles, who calls it and in which situations, and what it calls in turn.',
  chunk: 'Find out what the code does, who relies on it, and what it relies on.',
};

/**
 * The instruction of a probe: what to analyse, how (explore actively: read the code, search
 * for its users, run it), and the report's format ({@link DESIGN_REPORT_FORMAT}).
 */
export function designPrompt(target: DesignTarget): string {
  return `Analyse the design of ${describeTarget(target)} in this repository and write a design report on it.

${FOCUS[target.granularity]} Do not stop at its own text: search the repository for the places that use it and read the code it uses, and run small experiments when they help you understand its behaviour. Explain why it is built this way, not only what it does.

${DESIGN_REPORT_FORMAT}`;
}

/** Grounding facts and rubric of a target, from code-index: who uses it and what it uses. Never shown to the agent. */
export function groundTarget(index: CodeIndex, target: DesignTarget): { facts: GroundingFact[]; rubric: RubricItem[] } {
  const files = new Set(targetFiles(index, target));
  const symbol = target.symbol;
  const incoming = new Map<string, { symbols: Set<string>; line: number }>();
  const outgoing = new Map<string, { symbols: Set<string>; line: number }>();
  for (const path of files) {
    const span = symbol === undefined ? undefined : index.entity(path, symbol)?.byteRange;
    for (const reference of index.referencesIn(path, span === undefined ? undefined : { bytes: span }, { statuses: ['resolved'] })) {
      if (reference.targetPath === undefined || files.has(reference.targetPath)) continue;
      const entry = outgoing.get(reference.targetPath) ?? { symbols: new Set(), line: reference.line };
      if (reference.targetName !== undefined && reference.targetName !== '<module>') entry.symbols.add(reference.targetName);
      outgoing.set(reference.targetPath, entry);
    }
    for (const { path: from, reference } of index.referencesTo(path)) {
      if (files.has(from) || index.file(from)?.isTest === true) continue;
      if (symbol !== undefined && reference.targetName !== symbol && !(reference.targetName ?? '').startsWith(`${symbol}.`)) continue;
      const entry = incoming.get(from) ?? { symbols: new Set(), line: reference.line };
      if (reference.targetName !== undefined && reference.targetName !== '<module>') entry.symbols.add(reference.targetName);
      incoming.set(from, entry);
    }
  }
  const ranked = (map: Map<string, { symbols: Set<string>; line: number }>) =>
    [...map].sort(([leftPath, left], [rightPath, right]) => right.symbols.size - left.symbols.size || (leftPath < rightPath ? -1 : leftPath > rightPath ? 1 : 0)).slice(0, MAXIMUM_NAMED);
  const what = describeTarget(target);
  const facts: GroundingFact[] = [
    ...ranked(incoming).map(([path, entry]) => ({
      statement: `\`${path}\` uses ${what}${entry.symbols.size > 0 ? ` (${[...entry.symbols].sort().slice(0, 3).map((name) => `\`${name}\``).join(', ')})` : ''}.`,
      path,
      lines: { start: entry.line, end: entry.line },
    })),
    ...ranked(outgoing).map(([path, entry]) => ({
      statement: `${what.charAt(0).toUpperCase()}${what.slice(1)} uses \`${path}\`${entry.symbols.size > 0 ? ` (${[...entry.symbols].sort().slice(0, 3).map((name) => `\`${name}\``).join(', ')})` : ''}.`,
      path,
      ...(entry.symbols.size > 0 ? { symbol: [...entry.symbols].sort()[0]! } : {}),
    })),
  ];
  const rubric: RubricItem[] = [
    { criterion: `Explains what ${what} does and is responsible for, consistently with its code.`, weight: 2 },
    { criterion: 'Explains why it is built this way: the abstractions and patterns it relies on and the trade-offs it makes.', weight: 2 },
  ];
  if (incoming.size > 0) {
    rubric.push({ criterion: `Names the main parts of the repository that use it, such as ${ranked(incoming).map(([path]) => `\`${path}\``).join(', ')}.`, weight: 1 });
  }
  if (outgoing.size > 0) {
    rubric.push({ criterion: `Names what it builds on, such as ${ranked(outgoing).map(([path]) => `\`${path}\``).join(', ')}.`, weight: 1 });
  }
  rubric.push({ criterion: 'Every file, symbol and interaction it names exists in the repository (the grounding check).', weight: 1 });
  return { facts, rubric };
}

/**
 * Mines software design probes (RCX unit 1) from a snapshot and its code index: targets at
 * three granularities (modules, files, classes and functions) drawn by commit-history
 * hotness, each made into a core `DesignTask` whose prompt asks the agent to explore the
 * repository and write a structured report (functionality, design rationale, interactions
 * naming paths and symbols), with a rubric and grounding facts from code-index for judges.
 * The same inputs and seed give the same tasks in the same order.
 *
 * @throws {InvalidArgumentError} when `count` is below 1 (argument `count`), or the snapshot
 *   has no source file with a class or function to analyse (argument `repo`).
 */
export function mineDesignTasks(options: MineDesignTasksOptions): { tasks: DesignTask[]; statistics: DesignMiningStatistics } {
  const { index, snapshot } = options;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new InvalidArgumentError({ argument: 'count', message: `count: expected a whole number of probes, 1 or more; got ${options.count}.` });
  }
  const targets = selectDesignTargets({ ...options, seed });
  if (targets.length === 0) {
    throw new InvalidArgumentError({
      argument: 'repo',
      message: `${options.repo}: the snapshot has no source file with a class or function in a supported language (Python, JavaScript, TypeScript, TSX); nothing to analyse.`,
    });
  }
  const createdAt = options.createdAt ?? snapshot.committedAt;
  const slug = options.repo.replace('/', '__');
  const byGranularity: Record<DesignGranularityGroup, number> = { module: 0, file: 0, chunk: 0 };
  const byTargetGranularity: Record<string, number> = {};
  let withHistory = 0;
  const tasks = targets.map((target) => {
    byGranularity[granularityGroup(target)]++;
    byTargetGranularity[target.granularity] = (byTargetGranularity[target.granularity] ?? 0) + 1;
    if ((target.commitCount ?? 0) > 0) withHistory++;
    const { facts, rubric } = groundTarget(index, target);
    return designTaskSchema.parse({
      schemaVersion: 1,
      id: `${slug}__design-${stableId({ repo: options.repo, commit: snapshot.commit, target: { granularity: target.granularity, path: target.path, symbol: target.symbol ?? null } }, { length: 12 })}`,
      kind: 'design',
      repo: options.repo,
      snapshot: { commit: snapshot.commit, cutoff: snapshot.cutoff },
      environment: options.environment,
      testSpec: options.testSpec,
      provenance: {
        source: 'design-probes',
        origin: `${target.granularity} ${target.path}${target.symbol === undefined ? '' : ` ${target.symbol}`}`,
        generator: { name: '@swespot/design-probes', version: VERSION },
        createdAt,
      },
      seed,
      targets: [target],
      prompt: designPrompt(target),
      rubric,
      groundingFacts: facts,
    });
  });
  return { tasks, statistics: { byGranularity, byTargetGranularity, withHistory } };
}

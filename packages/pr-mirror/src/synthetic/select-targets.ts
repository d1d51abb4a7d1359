import type { CodeIndex } from '@swespot/code-index';
import type { CodeEntity, Random } from '@swespot/core';
import { syntheticLanguageOf, type SyntheticLanguage } from './syntax';

/** A function, method or class that tests exercise: where a synthetic bug may go. */
export interface BugTarget {
  /** The file, relative to the snapshot root. */
  readonly path: string;
  readonly language: SyntheticLanguage;
  readonly entity: CodeEntity;
  /** `function` for functions and methods, `class` for classes. */
  readonly kind: 'function' | 'class';
  /** `path::Qualified.name`, as recorded in the bug's origin. */
  readonly id: string;
  /** Test files to validate a bug here with, those referencing the entity first. */
  readonly testFiles: readonly string[];
  /** Why each test file was chosen: `references-entity` or `imports-module`. */
  readonly testReasons: Readonly<Record<string, string>>;
  /** Sampling weight: 1 + commits touching the entity in the hotness window. */
  readonly weight: number;
}

/** Options of {@link selectBugTargets}. */
export interface SelectBugTargetsOptions {
  /** Most test files per target. Default: 8. */
  readonly maxTestFiles?: number;
  /** Entity kinds to target. Default: functions, methods and classes. */
  readonly kinds?: readonly ('function' | 'method' | 'class')[];
}

/**
 * The entities of a code index that tests exercise (`CodeIndex.testsFor` finds a test file
 * importing their file), in Python, JavaScript or TypeScript source files (test files
 * excluded), each with its test files and a weight from its hotness (1 + commit count).
 * Sorted by path and position, so the list is the same for one index.
 */
export function selectBugTargets(index: CodeIndex, options: SelectBugTargetsOptions = {}): BugTarget[] {
  const maxTestFiles = options.maxTestFiles ?? 8;
  const kinds = new Set(options.kinds ?? ['function', 'method', 'class']);
  const targets: BugTarget[] = [];
  for (const file of index.files) {
    const language = syntheticLanguageOf(file.path);
    if (language === undefined || file.isTest) continue;
    const tests = index.testsFor(file.path).map((test) => test.path).filter((path) => path !== file.path);
    if (tests.length === 0) continue;
    for (const entity of file.entities) {
      if (!kinds.has(entity.kind as 'function')) continue;
      const referencing = new Set(index.referencesTo(file.path, entity.qualifiedName).map((reference) => reference.path));
      const ordered = [...tests.filter((path) => referencing.has(path)), ...tests.filter((path) => !referencing.has(path))].slice(0, maxTestFiles);
      targets.push({
        path: file.path,
        language,
        entity,
        kind: entity.kind === 'class' ? 'class' : 'function',
        id: `${file.path}::${entity.qualifiedName}`,
        testFiles: ordered,
        testReasons: Object.fromEntries(ordered.map((path) => [path, referencing.has(path) ? 'references-entity' : 'imports-module'])),
        weight: 1 + (entity.hotness?.commitCount ?? 0),
      });
    }
  }
  return targets;
}

/** The targets in a weighted random order for a seed: hotter entities tend to come first (Efraimidis–Spirakis). */
export function orderTargets(targets: readonly BugTarget[], random: Random): BugTarget[] {
  return random.weightedSample(targets, targets.map((target) => target.weight), targets.length);
}

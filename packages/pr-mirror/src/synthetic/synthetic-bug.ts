import { createHash } from 'node:crypto';
import type { BugCandidate } from '../validate/bug-candidate';
import { diffFile } from '../diff/patch-files';
import { applyEdits } from './apply-edits';
import type { TextEdit } from './mutations/procedural-mutation';

/** The strategies of the synthetic bug generator. */
export type SyntheticStrategy = 'procedural' | 'combine' | 'llm-modify' | 'llm-rewrite';

/** Every strategy, in the order they run (combine needs single bugs validated first). */
export const SYNTHETIC_STRATEGIES: readonly SyntheticStrategy[] = ['procedural', 'llm-modify', 'llm-rewrite', 'combine'];

/** One change of a synthetic bug: edits to one entity of one file. */
export interface SyntheticBugPart {
  readonly path: string;
  /** `path::Qualified.name`. */
  readonly entity: string;
  /** The procedural mutation (`invert-if`, ...), or the model strategy (`llm-modify`, `llm-rewrite`). */
  readonly mutation: string;
  readonly description: string;
  /** Edits to the clean file text. */
  readonly edits: readonly TextEdit[];
}

/** A synthetic bug before validation: its parts, its tests and the strategy that made it. */
export interface SyntheticBug {
  /** `procedural`, `llm-modify`, `llm-rewrite` or `combine`. */
  readonly strategy: SyntheticStrategy;
  /** The origin's strategy: `procedural/<mutation>`, `llm-modify`, `llm-rewrite` or `combine`. */
  readonly originStrategy: string;
  readonly parts: readonly SyntheticBugPart[];
  readonly testFiles: readonly string[];
  readonly testReasons: Readonly<Record<string, string>>;
  /** For combine: the ids of the validated single bugs it joins. */
  readonly combines?: readonly string[];
  /** Model strategies: the model's explanation, kept in metadata. */
  readonly explanation?: string;
}

/** The bug patch (clean → buggy) of a synthetic bug, file by file in path order. */
export function syntheticBugPatch(bug: SyntheticBug, cleanTexts: ReadonlyMap<string, string>): string {
  const paths = [...new Set(bug.parts.map((part) => part.path))].sort();
  return paths
    .map((path) => {
      const clean = cleanTexts.get(path)!;
      return diffFile(path, clean, applyEdits(clean, bug.parts.filter((part) => part.path === path).flatMap((part) => part.edits)));
    })
    .join('');
}

/** SWE-smith's instance id: `owner__name.synth.<kind>.<8 hex of the patch's SHA-256>`. */
export function syntheticInstanceId(repo: string, bug: SyntheticBug, bugPatch: string): string {
  const kind = bug.originStrategy.replace(/^procedural\//, '');
  return `${repo.replace('/', '__')}.synth.${kind}.${createHash('sha256').update(bugPatch).digest('hex').slice(0, 8)}`;
}

/** The `BugCandidate` the validator takes, with the strategy and every mutation in its origin and metadata. */
export function syntheticCandidate(options: {
  readonly bug: SyntheticBug;
  readonly bugPatch: string;
  readonly repo: string;
  readonly snapshot: { readonly commit: string; readonly cutoff: string };
  readonly seed: number;
}): BugCandidate {
  const { bug, bugPatch } = options;
  const entities = [...new Set(bug.parts.map((part) => part.entity))];
  return {
    id: syntheticInstanceId(options.repo, bug, bugPatch),
    repo: options.repo,
    snapshot: options.snapshot,
    bugPatch,
    testFiles: bug.testFiles,
    testReasons: bug.testReasons,
    origin: { type: 'synthetic', strategy: bug.originStrategy, ...(entities.length === 1 ? { entity: entities[0]! } : {}) },
    seed: options.seed,
    context: { createdAt: options.snapshot.cutoff },
    metadata: {
      synthetic: {
        strategy: bug.strategy,
        mutations: bug.parts.map((part) => ({ entity: part.entity, mutation: part.mutation, description: part.description })),
        ...(bug.combines === undefined ? {} : { combines: bug.combines }),
        ...(bug.explanation === undefined ? {} : { explanation: bug.explanation }),
      },
    },
  };
}

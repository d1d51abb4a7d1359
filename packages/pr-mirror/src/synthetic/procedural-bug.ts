import type { Random } from '@swespot/core';
import { applyEdits, editsOverlap } from './apply-edits';
import { findDefinition } from './find-definition';
import { PROCEDURAL_MUTATIONS } from './mutations/index';
import type { MutationSite, ProceduralMutation, TextEdit } from './mutations/procedural-mutation';
import type { BugTarget } from './select-targets';
import type { SyntheticBug } from './synthetic-bug';
import { parseSource, type ParsedSource } from './syntax';

/** Why a procedural attempt made no bug. */
export type ProceduralRefusal = 'no-definition' | 'no-applicable-mutation' | 'does-not-parse';

/** Options of {@link makeProceduralBug}. */
export interface MakeProceduralBugOptions {
  readonly target: BugTarget;
  /** The clean file, parsed. */
  readonly source: ParsedSource;
  readonly random: Random;
  /** Mutations to choose from. Default: all of {@link PROCEDURAL_MUTATIONS}. */
  readonly mutations?: readonly ProceduralMutation[];
  /** Mutations in one bug, at different, non-overlapping places of the entity. Default: 1. */
  readonly mutationsPerBug?: number;
  /** Sites tried before giving up when outputs do not parse. Default: 5. */
  readonly attempts?: number;
}

/** A procedural bug, or why none was made; `unparsed` counts outputs that did not parse. */
export type ProceduralBugResult = { readonly bug: SyntheticBug; readonly unparsed: number } | { readonly refusal: ProceduralRefusal; readonly unparsed: number };

/**
 * Puts one procedural bug into a target entity: picks a mutation among those that apply
 * there (uniformly, from the seeded `random`), one of its sites, and, when `mutationsPerBug`
 * > 1, more sites of other mutations that overlap none chosen; the mutated file must parse
 * without ERROR nodes, else another site is tried.
 */
export async function makeProceduralBug(options: MakeProceduralBugOptions): Promise<ProceduralBugResult> {
  const { target, source, random } = options;
  const definition = findDefinition(source, target.entity.lineRange, target.kind);
  if (definition === undefined) return { refusal: 'no-definition', unparsed: 0 };
  const applicable: { mutation: ProceduralMutation; sites: MutationSite[] }[] = [];
  for (const mutation of options.mutations ?? PROCEDURAL_MUTATIONS) {
    if (mutation.target !== target.kind || !mutation.languages.includes(source.language)) continue;
    const sites = mutation.sites(source, definition);
    if (sites.length > 0) applicable.push({ mutation, sites });
  }
  if (applicable.length === 0) return { refusal: 'no-applicable-mutation', unparsed: 0 };
  let unparsed = 0;
  for (let attempt = 0; attempt < (options.attempts ?? 5); attempt++) {
    const chosen: { mutation: ProceduralMutation; site: MutationSite }[] = [];
    for (const { mutation, sites } of random.shuffle(applicable)) {
      if (chosen.length >= (options.mutationsPerBug ?? 1)) break;
      const free = sites.filter((site) => chosen.every((other) => !editsOverlap(other.site.edits, site.edits)));
      if (free.length > 0) chosen.push({ mutation, site: random.pick(free) });
    }
    const edits: TextEdit[] = chosen.flatMap(({ site }) => site.edits);
    const mutated = applyEdits(source.text, edits);
    if (mutated === source.text) continue;
    if ((await parseSource(source.language, mutated)).hasError) {
      unparsed++;
      continue;
    }
    const names = chosen.map(({ mutation }) => mutation.name);
    return {
      unparsed,
      bug: {
        strategy: 'procedural',
        originStrategy: `procedural/${names.join('+')}`,
        parts: chosen.map(({ mutation, site }) => ({ path: target.path, entity: target.id, mutation: mutation.name, description: site.description, edits: site.edits })),
        testFiles: target.testFiles,
        testReasons: target.testReasons,
      },
    };
  }
  return { refusal: 'does-not-parse', unparsed };
}

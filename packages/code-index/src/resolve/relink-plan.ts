import type { IndexedFile } from '@swespot/core';
import type { CodeIndex } from '../code-index';
import type { FileExtraction } from '../extract/extract-file';
import type { LinkInput } from './link-files';

/** What a run with a previous index links again (`relink`) and only re-targets (`retarget`). */
export interface RelinkPlan {
  /** Files whose content changed. */
  readonly changed: ReadonlySet<string>;
  /** Files linked again: the changed ones and those whose resolution may read a changed name. */
  readonly relink: ReadonlySet<string>;
  /** Files that keep their references, with new first lines for targets in changed files. */
  readonly retarget: ReadonlySet<string>;
}

const identifierPattern = /[\p{L}_$][\p{L}\p{N}_$]*/gu;

/**
 * The plan against `previous`, or undefined to link every file: only when the repository's
 * paths and configuration are the same and the same files are indexed. Resolution goes by
 * names, so a file is linked again when it is changed or mentions a name whose binding
 * changed: a name in an interface line (entity, module-level import, export) that one of the
 * changed files added, removed or altered, and, passed on, any name a file binds to such a name
 * (an alias, a re-export). The files referencing a changed file and mentioning none of those
 * names keep their references, with the targets' new first lines.
 */
export function relinkPlan(
  previous: CodeIndex | undefined,
  environmentKey: string,
  inputs: readonly LinkInput[],
  interfaces: ReadonlyMap<string, string>,
): RelinkPlan | undefined {
  const state = previous?.linkState;
  if (previous === undefined || state === undefined || state.environmentKey !== environmentKey) return undefined;
  if (previous.files.length !== inputs.length) return undefined;
  const changed = new Set<string>();
  const changedNames = new Set<string>();
  for (const input of inputs) {
    const before = previous.file(input.path);
    if (before === undefined) return undefined;
    if (before.blobSha === input.blobSha) continue;
    changed.add(input.path);
    const beforeInterface = state.interfaces.get(input.path);
    const afterInterface = interfaces.get(input.path);
    if (beforeInterface === undefined || afterInterface === undefined) return undefined;
    if (beforeInterface !== afterInterface) for (const name of changedInterfaceNames(beforeInterface, afterInterface)) changedNames.add(name);
  }
  const relink = new Set(changed);
  if (changedNames.size > 0) {
    // To a fixed point: a file binding a changed name under another name changes that name too.
    let grew = true;
    while (grew) {
      grew = false;
      for (const input of inputs) {
        const mentions = mentionsOf(input.extraction);
        if (!relink.has(input.path) && mentions.names.some((name) => changedNames.has(name))) relink.add(input.path);
        for (const [bound, from] of mentions.bindings) {
          if (!changedNames.has(bound) && from.some((name) => changedNames.has(name))) {
            changedNames.add(bound);
            grew = true;
          }
        }
      }
    }
  }
  const retarget = new Set<string>();
  for (const path of changed) {
    // Two entities with the same name on the same line cannot be told apart by a reference: link those referrers again.
    const entities = previous.file(path)?.entities ?? [];
    const ambiguous = new Set(entities.map((entity) => lineKey(entity.qualifiedName, entity.lineRange.start))).size !== entities.length;
    for (const { path: referrer } of previous.referencesTo(path)) (ambiguous ? relink : retarget).add(referrer);
  }
  for (const path of relink) retarget.delete(path);
  return { changed, relink, retarget };
}

/** The names in the interface lines (see `interfaceSignature`) that one side has and the other has not. */
function changedInterfaceNames(before: string, after: string): Set<string> {
  const counts = new Map<string, number>();
  for (const line of before.split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of after.split('\n')) counts.set(line, (counts.get(line) ?? 0) - 1);
  const names = new Set<string>();
  for (const [line, count] of counts) {
    if (count === 0) continue;
    // `e kind qualifiedName bases`, `i kind source name alias reexport`, `x name local`: the fields after the kind.
    const fields = line.startsWith('x ') ? line.slice(2) : line.split(' ').slice(2).join(' ');
    for (const name of fields.match(identifierPattern) ?? []) names.add(name);
  }
  return names;
}

interface Mentions {
  /** Every name component a file uses, imports, exports or inherits from. */
  readonly names: readonly string[];
  /** Module-level names the file binds to other names: local name → the names it comes from. */
  readonly bindings: readonly (readonly [string, readonly string[]])[];
}

/** Extractions are immutable and come back from the cache: their mentions are computed once. */
const mentionsByExtraction = new WeakMap<FileExtraction, Mentions>();

function mentionsOf(extraction: FileExtraction): Mentions {
  let mentions = mentionsByExtraction.get(extraction);
  if (mentions !== undefined) return mentions;
  const names = new Set<string>();
  const add = (text: string | undefined) => {
    for (const name of text?.match(identifierPattern) ?? []) names.add(name);
  };
  // Uses are identifier chains joined by dots (most of a file's mentions): split, not matched.
  for (const use of extraction.names) for (const part of use.name.split('.')) names.add(part);
  for (const entity of extraction.entities) for (const base of entity.bases ?? []) add(base);
  const bindings: [string, string[]][] = [];
  for (const entry of extraction.imports) {
    add(entry.source);
    add(entry.name);
    add(entry.alias);
    if (entry.scope === undefined && entry.alias !== undefined && entry.name !== undefined) bindings.push([entry.alias, [entry.name]]);
  }
  for (const entry of extraction.exports) {
    add(entry.name);
    add(entry.local);
    if (entry.name !== entry.local) bindings.push([entry.name, [entry.local]]);
  }
  mentions = { names: [...names], bindings };
  mentionsByExtraction.set(extraction, mentions);
  return mentions;
}

function lineKey(qualifiedName: string, line: number): string {
  return `${line}\u0000${qualifiedName}`;
}

/**
 * Per changed file: the new first line of each entity, keyed by its qualified name and old first
 * line. Entities of the same qualified name pair up in order, where both sides have as many.
 */
export function targetLineMaps(
  previous: CodeIndex,
  relinked: ReadonlyMap<string, IndexedFile>,
  changed: ReadonlySet<string>,
): Map<string, Map<string, number>> {
  const maps = new Map<string, Map<string, number>>();
  for (const path of changed) {
    const byName = (entities: IndexedFile['entities']) => {
      const groups = new Map<string, number[]>();
      for (const entity of entities) {
        const group = groups.get(entity.qualifiedName);
        if (group === undefined) groups.set(entity.qualifiedName, [entity.lineRange.start]);
        else group.push(entity.lineRange.start);
      }
      return groups;
    };
    const before = byName(previous.file(path)?.entities ?? []);
    const after = byName(relinked.get(path)?.entities ?? []);
    const lines = new Map<string, number>();
    for (const [qualifiedName, oldLines] of before) {
      const newLines = after.get(qualifiedName);
      if (newLines === undefined || newLines.length !== oldLines.length) continue;
      oldLines.forEach((line, index) => lines.set(lineKey(qualifiedName, line), newLines[index] as number));
    }
    maps.set(path, lines);
  }
  return maps;
}

/** `file` with each reference into a changed file pointing at its target's new first line. */
export function retargetReferences(file: IndexedFile, newLines: ReadonlyMap<string, ReadonlyMap<string, number>>): IndexedFile {
  let changed = false;
  const references = file.references.map((reference) => {
    const lines = reference.targetPath === undefined ? undefined : newLines.get(reference.targetPath);
    if (lines === undefined || reference.targetName === undefined || reference.targetLine === undefined || reference.targetKind === 'module') return reference;
    const targetLine = lines.get(lineKey(reference.targetName, reference.targetLine));
    if (targetLine === undefined || targetLine === reference.targetLine) return reference;
    changed = true;
    return { ...reference, targetLine };
  });
  return changed ? { ...file, references } : file;
}

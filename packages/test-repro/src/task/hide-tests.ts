import { compileLanguage, extractFile, languageForPath, selectParserBackend } from '@swespot/code-index';
import type { TestFramework } from '@swespot/core';
import { writeFileDiff } from '../patch/write-file-diff';
import { locateTests, type LocatedTest } from '../tests/locate-tests';
import { candidateFilesOfModule, parseRunnerTestId } from '../tests/test-ids';

/** Options of {@link hideTests}. */
export interface HideTestsOptions {
  /** The tests to hide, in the runner's id format (FAIL_TO_PASS). */
  readonly testIds: readonly string[];
  readonly framework: TestFramework;
  /** Files to look in when an id names no file (node:test, Mocha, SymPy ids), e.g. the task's test selection. */
  readonly candidateFiles: readonly string[];
  /** Reads a file of the snapshot; undefined when it does not exist. */
  readonly readFile: (path: string) => Promise<string | undefined>;
  /** Files never edited (the ones the bug patch changes, so the two patches do not collide). */
  readonly avoidFiles?: ReadonlySet<string>;
}

/** The outcome of {@link hideTests}. */
export interface HiddenTests {
  /** Removes the hidden tests from the snapshot; empty when none was hidden. */
  readonly hidePatch: string;
  /** Adds them back (applies after `hidePatch`): the golden reproduction test patch. */
  readonly restorePatch: string;
  /** Ids hidden. */
  readonly hidden: readonly string[];
  /** Ids left in place, and why. */
  readonly visible: readonly { readonly id: string; readonly reason: string }[];
}

function sameNames(test: LocatedTest, names: readonly string[], framework: TestFramework): boolean {
  if (framework === 'mocha') return test.names.join(' ') === names.join(' ');
  if (framework === 'sympy') return test.names.at(-1) === names.at(-1);
  return test.names.length === names.length && test.names.every((name, index) => name === names[index]);
}

/** Whether a text parses without syntax errors in its file's language (tree-sitter). */
async function parsesCleanly(path: string, text: string): Promise<boolean> {
  const definition = languageForPath(path);
  if (definition === undefined) return true;
  const language = await compileLanguage(selectParserBackend().backend, definition);
  return !extractFile({ text, language }).hasSyntaxErrors;
}

/** A range of lines to remove, and the class (or describe block) it sits in. */
interface Removal {
  readonly start: number;
  readonly end: number;
  readonly owner: string;
}

const indentOf = (line: string) => /^(\s*)/.exec(line)![1]!.length;

/**
 * The Python classes that would be left with no statement once the removals are done (a
 * class whose only methods were hidden): their body must keep a `pass`. tree-sitter accepts
 * an empty class body, Python does not, so this is checked on the text: the class header is
 * the nearest less-indented `class` line above the first removal, the body what follows its
 * closing `:` at a deeper indentation.
 */
function ownersLeftEmpty(lines: readonly string[], removals: readonly Removal[]): Set<string> {
  const empty = new Set<string>();
  const removed = (line: number) => removals.some((removal) => removal.start <= line && line <= removal.end);
  for (const owner of new Set(removals.map((removal) => removal.owner))) {
    if (owner === '') continue;
    const first = Math.min(...removals.filter((removal) => removal.owner === owner).map((removal) => removal.start));
    const testIndent = indentOf(lines[first - 1] ?? '');
    let header = -1;
    for (let index = first - 2; index >= 0; index--) {
      const line = lines[index]!;
      if (line.trim() === '' || indentOf(line) >= testIndent) continue;
      if (/^\s*class\s/.test(line)) header = index;
      break;
    }
    if (header < 0) continue;
    let bodyStart = header;
    while (bodyStart < first - 1 && !/:\s*(#.*)?$/.test(lines[bodyStart]!)) bodyStart++;
    const classIndent = indentOf(lines[header]!);
    let isEmpty = true;
    for (let index = bodyStart + 1; index < lines.length; index++) {
      const line = lines[index]!;
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      if (indentOf(line) <= classIndent) break;
      if (!removed(index + 1)) {
        isEmpty = false;
        break;
      }
    }
    if (isEmpty) empty.add(owner);
  }
  return empty;
}

/**
 * Removes whole lines (1-based, inclusive ranges) and the blank lines that would pile up
 * after them. In a Python class left with no statement, the first removal becomes an
 * indented `pass`.
 */
function removeLines(path: string, text: string, removals: readonly Removal[]): string {
  const lines = text.split('\n');
  const needPass = path.endsWith('.py') ? ownersLeftEmpty(lines, removals) : new Set<string>();
  const placeholders = new Set<Removal>();
  for (const removal of [...removals].sort((left, right) => left.start - right.start)) {
    if (needPass.has(removal.owner) && ![...placeholders].some((other) => other.owner === removal.owner)) placeholders.add(removal);
  }
  const blank = (index: number) => index >= 0 && index < lines.length && lines[index]!.trim() === '';
  for (const removal of [...removals].sort((left, right) => right.start - left.start)) {
    const indent = /^(\s*)/.exec(lines[removal.start - 1] ?? '')![1]!;
    const placeholder = placeholders.has(removal) ? [`${indent}pass`] : [];
    lines.splice(removal.start - 1, removal.end - removal.start + 1, ...placeholder);
    // The blank lines that separated the test from its neighbours now meet: keep those before the gap.
    let after = removal.start - 1 + placeholder.length;
    while (after < lines.length - 1 && blank(after) && blank(after - 1)) lines.splice(after, 1);
    while (after === lines.length - 1 && after >= 2 && blank(after - 1)) lines.splice(--after, 1);
  }
  return lines.join('\n');
}

/**
 * Hides tests that already sit in a snapshot (the FAIL_TO_PASS tests of a mirrored or
 * synthetic bug, which the PR left in the repository): finds each id's definition with
 * tree-sitter (Python test functions and methods, decorators included; `it`/`test` cases)
 * and removes it. The result is checked to still parse; when removing leaves a Python class
 * empty, a `pass` takes the place of its first removed test. A test that cannot be found, or whose file
 * would not parse, or whose file the bug patch changes, is left visible with the reason.
 *
 * `restorePatch` brings the tests back: it is the golden test patch of the reproduction
 * task, graded like any other.
 */
export async function hideTests(options: HideTestsOptions): Promise<HiddenTests> {
  const texts = new Map<string, string | undefined>();
  const read = async (path: string) => {
    if (!texts.has(path)) texts.set(path, await options.readFile(path));
    return texts.get(path);
  };
  const located = new Map<string, LocatedTest[]>();
  const testsIn = async (path: string) => {
    if (!located.has(path)) {
      const text = await read(path);
      located.set(path, text === undefined ? [] : await locateTests(path, text));
    }
    return located.get(path)!;
  };

  const visible: { id: string; reason: string }[] = [];
  const byFile = new Map<string, { id: string; test: LocatedTest }[]>();
  for (const id of options.testIds) {
    const parsed = parseRunnerTestId(id, options.framework);
    const files = parsed.file !== undefined ? [parsed.file] : parsed.module !== undefined ? candidateFilesOfModule(parsed.module, options.framework) : [...options.candidateFiles];
    let found: LocatedTest | undefined;
    for (const file of files) {
      found = (await testsIn(file)).find((test) => sameNames(test, parsed.names, options.framework));
      if (found) break;
    }
    if (found === undefined) {
      visible.push({ id, reason: `no definition found in ${files.length > 0 ? files.join(', ') : 'any candidate file'}` });
      continue;
    }
    if (options.avoidFiles?.has(found.file)) {
      visible.push({ id, reason: `${found.file} is changed by the bug patch` });
      continue;
    }
    const list = byFile.get(found.file) ?? [];
    list.push({ id, test: found });
    byFile.set(found.file, list);
  }

  const hidden: string[] = [];
  let hidePatch = '';
  let restorePatch = '';
  for (const [file, entries] of [...byFile.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    const text = (await read(file))!;
    // Parametrized ids share one definition: remove it once.
    const removals = [...new Map(entries.map((entry) => [entry.test.lines.start, { ...entry.test.lines, owner: entry.test.names.slice(0, -1).join('.') }])).values()];
    const edited = removeLines(file, text, removals);
    if (!(await parsesCleanly(file, edited))) {
      for (const entry of entries) visible.push({ id: entry.id, reason: `${file} would not parse with the test removed` });
      continue;
    }
    hidePatch += writeFileDiff(file, text, edited);
    restorePatch += writeFileDiff(file, edited, text);
    hidden.push(...entries.map((entry) => entry.id));
  }
  return { hidePatch, restorePatch, hidden, visible };
}

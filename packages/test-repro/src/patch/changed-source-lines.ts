import type { PatchFileChange } from './read-patch';

/** The languages whose changed lines a coverage tool measures. */
export type CoverageLanguage = 'python' | 'javascript';

/** The changed lines of one source file, as TDD-Bench counts them. */
export interface ChangedSourceLines {
  /** The file after the fix (where added lines are measured). */
  readonly path: string;
  /** The file before the fix (where removed lines are measured); differs from `path` for a rename. */
  readonly oldPath: string;
  readonly language: CoverageLanguage;
  /** Lines the change removes, in the old file's numbering (measured on the buggy code). */
  readonly removed: readonly number[];
  /** Lines the change adds, in the new file's numbering (measured on the fixed code). */
  readonly added: readonly number[];
}

/** The coverage language of a source path, or undefined for files no tool measures (docs, data, C). */
export function coverageLanguageOf(path: string): CoverageLanguage | undefined {
  if (/\.pyi?$/.test(path)) return path.endsWith('.pyi') ? undefined : 'python';
  if (/\.[cm]?js$/.test(path)) return 'javascript';
  return undefined;
}

/** Whether a line counts: not blank and not only a comment (`#` in Python; `//`, `/*`, `*` in JavaScript). */
function countsAsCode(text: string, language: CoverageLanguage): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  if (language === 'python') return !trimmed.startsWith('#');
  return !(trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*'));
}

/**
 * The lines of a fix (the gold patch) whose coverage TDD-Bench measures: in each Python or
 * JavaScript source file, the removed lines (old numbering) and the added lines (new
 * numbering), without blank and comment-only lines. Files of other languages (templates,
 * data, C extensions) are left out: no tool here measures them.
 */
export function changedSourceLines(files: readonly PatchFileChange[]): ChangedSourceLines[] {
  const result: ChangedSourceLines[] = [];
  for (const file of files) {
    const language = coverageLanguageOf(file.path);
    if (language === undefined) continue;
    const removed = file.hunks.flatMap((hunk) => hunk.removed.filter((line) => countsAsCode(line.text, language)).map((line) => line.line));
    const added = file.hunks.flatMap((hunk) => hunk.added.filter((line) => countsAsCode(line.text, language)).map((line) => line.line));
    if (removed.length + added.length === 0) continue;
    result.push({ path: file.path, oldPath: file.oldPath ?? file.path, language, removed, added });
  }
  return result;
}

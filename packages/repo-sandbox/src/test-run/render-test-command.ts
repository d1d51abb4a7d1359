import type { TestSpec } from '@swespot/core';

/** Quotes a word for POSIX sh, leaving plain words (letters, digits, `/._:=@%+,-`) bare. */
export function shellQuote(word: string): string {
  return /^[\w/.:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The test command with `{tests}` filled in: the selected files or test ids, shell-quoted
 * and space-separated, or nothing for `all`. A template without `{tests}` gets the selection
 * appended, so a selection is never silently dropped.
 */
export function renderTestCommand(spec: Pick<TestSpec, 'command' | 'selection'>): string {
  const selected =
    spec.selection.mode === 'files' ? spec.selection.files : spec.selection.mode === 'tests' ? spec.selection.testIds : [];
  const words = selected.map(shellQuote).join(' ');
  if (spec.command.includes('{tests}')) return spec.command.replaceAll('{tests}', words).replace(/\s+$/, '');
  return words ? `${spec.command} ${words}` : spec.command;
}

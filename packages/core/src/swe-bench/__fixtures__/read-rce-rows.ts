import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Root of the SWE-Spot evaluation rows shared in this workspace. */
export const rceDataRoot = '/work/shared/data/rce';

/** One line of a JSONL file, with where it came from. */
export interface RowLine {
  /** `folder/file.jsonl`. */
  file: string;
  /** 1-based line number. */
  line: number;
  /** The line as written. */
  text: string;
}

/** Every non-empty line of every `.jsonl` file in `folder` (e.g. `sbv`), files in name order. */
export function readRceRows(folder: string): RowLine[] {
  const directory = join(rceDataRoot, folder);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(join(directory, name), 'utf8')
        .split('\n')
        .map((text, index) => ({ file: `${folder}/${name}`, line: index + 1, text }))
        .filter((entry) => entry.text.trim() !== ''),
    );
}

/** The first row of `folder/file`, parsed. */
export function firstRceRow(folder: string, file: string): Record<string, unknown> {
  const row = readRceRows(folder).find((entry) => entry.file === `${folder}/${file}`);
  if (row === undefined) throw new Error(`No rows in ${folder}/${file}`);
  return JSON.parse(row.text) as Record<string, unknown>;
}

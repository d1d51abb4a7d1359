import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { SwespotError } from '@swespot/core';

let queriesDirectory: string | undefined;

/**
 * The package's `queries/` folder. It sits at the package root; this module runs from
 * `src/languages/` (tests) or from a bundled chunk in `dist/`, so the folder is looked up
 * from here upwards.
 */
export function findQueriesDirectory(): string {
  if (queriesDirectory !== undefined) return queriesDirectory;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth += 1) {
    const candidate = join(directory, 'queries');
    if (existsSync(join(candidate, 'python', 'definitions.scm'))) {
      queriesDirectory = candidate;
      return candidate;
    }
    directory = dirname(directory);
  }
  throw new SwespotError({
    message: `The query files of @swespot/code-index are missing: no queries/ folder above ${fileURLToPath(import.meta.url)}. Reinstall the package.`,
  });
}

/** Reads and concatenates query files given relative to the `queries/` folder, e.g. `python/imports.scm`. */
export function loadQueryFiles(files: readonly string[]): string {
  const directory = findQueriesDirectory();
  return files.map((file) => readFileSync(join(directory, file), 'utf8')).join('\n');
}

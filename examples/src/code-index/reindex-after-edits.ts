/**
 * Re-indexes a repository after edits, the way a data pipeline walks a repository's history:
 * a cache keyed by blob id means only changed files are parsed, and `previous` means only the
 * changed files and the files mentioning a changed name are linked again (the others get the
 * new lines of their targets). Each re-index is checked against a full one.
 *
 *   pnpm --filter @swespot/examples example src/code-index/reindex-after-edits.ts [repository]
 *
 * Without an argument it works on a copy of the labelled fixture repository of
 * @swespot/code-index; with a directory, on a copy of it (without .git and node_modules).
 * A working tree has no blob ids, so the example keeps one source for all runs: it remembers
 * the blob id of each file it read with the file's size, times and inode, and later runs `stat`
 * the files instead of reading and hashing them (a source over a commit,
 * `createGitRepositorySource`, knows the blob ids from the tree).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileSystemRepositorySource, createMemoryIndexCache, indexRepository } from '@swespot/code-index';

const fixture = fileURLToPath(new URL('../../../packages/code-index/src/__fixtures__/reference-repository/', import.meta.url));
const original = process.argv[2] ?? fixture;
const directory = mkdtempSync(join(tmpdir(), 'swespot-reindex-'));
// The copy keeps the time stamps: a file modified in the last 2 s is read again on every run.
cpSync(original, directory, {
  recursive: true,
  preserveTimestamps: true,
  filter: (source) => !source.includes('/.git') && !source.includes('/node_modules'),
});

try {
  const source = createFileSystemRepositorySource({ directory });
  const cache = createMemoryIndexCache();
  let started = performance.now();
  let { index } = await indexRepository({ source, cache });
  const coldMs = performance.now() - started;
  console.log(`cold index: ${index.files.length} files in ${coldMs.toFixed(0)} ms`);

  // The most referenced Python file is the worst case for re-linking.
  const target = index.files
    .filter((file) => file.language === 'python')
    .map((file) => ({ path: file.path, referrers: new Set(index.referencesTo(file.path).map((entry) => entry.path)).size }))
    .sort((left, right) => right.referrers - left.referrers)[0];
  if (target === undefined) throw new Error(`${original}: no Python files to edit`);
  console.log(`editing ${target.path} (referenced from ${target.referrers} files)`);

  const edits: [string, (text: string) => string][] = [
    ['lines moved', (text) => `# a comment above everything\n${text}`],
    ['a function added', (text) => `${text}\n\ndef added_by_the_example():\n    return 1\n`],
  ];
  for (const [name, edit] of edits) {
    const path = join(directory, target.path);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    started = performance.now();
    const incremental = await indexRepository({ source, cache, previous: index });
    const ms = performance.now() - started;
    const { parsedFiles, cachedFiles, linkedFiles, retargetedFiles } = incremental.statistics;
    const full = await indexRepository({ source: directory, cache });
    const same = JSON.stringify(incremental.index.toRecord().files) === JSON.stringify(full.index.toRecord().files);
    console.log(
      `${name}: ${ms.toFixed(0)} ms (${((100 * ms) / coldMs).toFixed(1)}% of cold); parsed ${parsedFiles}, from cache ${cachedFiles}, linked ${linkedFiles}, re-targeted ${retargetedFiles}; same as a full index: ${same}`,
    );
    index = incremental.index;
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

/**
 * Indexes a repository with tree-sitter and prints what the RCX generators take from it:
 * the hottest entities (design probes), AST-aligned FIM candidates with their cross-file
 * dependencies (positive / negative holes), and the tests relevant to a change.
 *
 *   pnpm --filter @swespot/examples example src/code-index/index-for-rcx.ts [repository]
 *
 * Without an argument it indexes the labelled fixture repository of @swespot/code-index.
 * With a git repository it also counts commits and authors per entity over its history.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGitRepositorySource, indexRepository, writeCodeIndex, type CodeIndex } from '@swespot/code-index';
import { openGitReader } from '@swespot/repo-sandbox';

const fixture = fileURLToPath(new URL('../../../packages/code-index/src/__fixtures__/reference-repository/', import.meta.url));
const directory = process.argv[2] ?? fixture;

let index: CodeIndex;
if (existsSync(join(directory, '.git'))) {
  const git = await openGitReader({ directory });
  try {
    const commit = await git.resolveRef('HEAD');
    ({ index } = await indexRepository({ source: createGitRepositorySource({ git, commit }), hotness: { git } }));
  } finally {
    git.close();
  }
} else {
  ({ index } = await indexRepository({ source: directory }));
}

console.log('counts', index.counts());

console.log('\nhottest entities (design probe targets):');
for (const { path, entity } of index.hottestEntities({ limit: 5 })) {
  console.log(`  ${path}::${entity.qualifiedName} — ${entity.hotness?.commitCount} commits, ${entity.hotness?.authorCount} authors`);
}

console.log('\nFIM candidates (functions and methods; positive when they use other files):');
let shown = 0;
for (const file of index.files) {
  if (file.isTest || shown >= 8) continue;
  for (const entity of index.entitiesIn(file.path, { kinds: ['function', 'method'] })) {
    if (entity.complexity < 2 && index.dependenciesIn(file.path, { bytes: entity.byteRange }).length === 0) continue;
    const dependencies = index.dependenciesIn(file.path, { bytes: entity.byteRange });
    const label = dependencies.length > 0 ? 'positive' : 'negative';
    console.log(`  ${label} ${file.path}::${entity.qualifiedName} lines ${entity.lineRange.start}-${entity.lineRange.end}, complexity ${entity.complexity}`);
    for (const dependency of dependencies) console.log(`      uses ${dependency.symbol} (${dependency.symbolKind}) from ${dependency.definedIn}:${dependency.line}`);
    if (++shown >= 8) break;
  }
}

const changed = index.files.find((file) => !file.isTest && index.testsFor(file.path).length > 0);
if (changed !== undefined) {
  console.log(`\ntests relevant to a change in ${changed.path}:`);
  for (const test of index.testsFor(changed.path)) console.log(`  ${test.path}: ${test.tests.map((entry) => entry.qualifiedName).join(', ')}`);
}

const out = join(process.env['TMPDIR'] ?? '/tmp', 'swespot-index.json');
await writeCodeIndex(out, index);
console.log(`\nwrote ${out}`);

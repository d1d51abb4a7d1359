/**
 * FIM holes from a repository in about 20 lines: a snapshot at the cutoff (generators never
 * read the clone itself), a tree-sitter index with hotness, and `mineFimTasks`. Without an
 * argument it mines the built-in sample repository at its cutoff.
 *
 *   pnpm --filter @swespot/examples example src/fim-holes/fim-holes-in-20-lines.ts [REPOSITORY CUTOFF]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository } from '@swespot/code-index';
import { mineFimTasks } from '@swespot/fim-holes';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';

const work = await mkdtemp(join(tmpdir(), 'swespot-example-fim20-'));
const [repository = (await createSampleRepository({ directory: join(work, 'sample') })).directory, cutoff = SAMPLE_REPOSITORY_CUTOFF] = process.argv.slice(2);
const info = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into: join(work, 'snapshot') });
const git = await openGitReader({ directory: info.directory });
const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
git.close();
const { tasks, statistics } = await mineFimTasks({
  snapshot: { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt },
  index,
  repo: 'example/repository',
  count: 10,
  environment: { image: 'swespot/base-python', installCommands: [], workingDirectory: '/testbed' },
  testSpec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 },
});
console.log(`${tasks.length} tasks from ${statistics.candidates.positive} positive candidates:`, statistics.holesByKind);
for (const task of tasks.slice(0, 3)) console.log(`- ${task.file}: ${task.holes.map((hole) => `${hole.part} of ${hole.symbol}`).join(', ')}; depends on ${task.crossFileDependencies.map((dependency) => dependency.symbol).join(', ') || 'nothing outside the file'}`);
await rm(work, { recursive: true, force: true });

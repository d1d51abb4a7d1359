/**
 * Makes synthetic bugs in a repository at a cutoff, the way `swespot bugs synth --no-validate`
 * does: procedural mutations on real tree-sitter trees, in the functions and methods that tests
 * exercise, weighted by hotness. Prints the yield and the first candidates' patches. Add
 * `validation: { validator: createBugValidator({ environment: build }), environment: build, out }`
 * to validate them in Docker and write bugfix TaskInstances.
 *
 *   pnpm --filter @swespot/examples example src/pr-mirror/synthesize-bugs.ts [repository] [cutoff]
 *
 * Without an argument it uses tinyshop, the sample repository of @swespot/repo-sandbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository } from '@swespot/code-index';
import { synthesizeBugs } from '@swespot/pr-mirror';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';

const work = await mkdtemp(join(tmpdir(), 'swespot-example-synth-'));
try {
  const repository = process.argv[2] ?? (await createSampleRepository({ directory: join(work, 'tinyshop') })).directory;
  const cutoff = process.argv[3] ?? (process.argv[2] === undefined ? SAMPLE_REPOSITORY_CUTOFF : '2023-01-01');
  // Generators read the repository only through a snapshot at the cutoff.
  const info = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into: join(work, 'snapshot') });
  const git = await openGitReader({ directory: info.directory });
  const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
  git.close();
  const result = await synthesizeBugs({
    snapshotDirectory: info.directory,
    index,
    repo: 'local/example',
    snapshot: { commit: info.sourceCommit, cutoff: info.cutoff },
    strategies: ['procedural'],
    count: 10,
    seed: 1,
  });
  console.log(`targets: ${result.targets}; procedural yield:`, result.yields.procedural);
  for (const candidate of result.candidates.slice(0, 3)) console.log(`\n${candidate.id} (${candidate.origin.type === 'synthetic' ? candidate.origin.strategy : ''}) tests: ${candidate.testFiles.join(', ')}\n${candidate.bugPatch}`);
} finally {
  await rm(work, { recursive: true, force: true });
}

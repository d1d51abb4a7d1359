/**
 * Splits a synthetic-bug run into shards, the way `swespot bugs synth --attempts A --shard I/N`
 * does on a cluster: every shard makes the same procedural candidates of the first A attempts
 * and validates (in Docker, offline-debian) only those whose id hashes to it. Prints what each
 * shard kept and checks that the shards together hold exactly the unsharded run's records.
 *
 *   pnpm --filter @swespot/examples example src/pr-mirror/synthesize-bugs-shards.ts [repository] [cutoff] [attempts]
 *
 * Without an argument it uses tinyshop, the sample repository of @swespot/repo-sandbox (about a
 * minute of validation for 8 attempts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository } from '@swespot/code-index';
import { createBugValidator, synthesizeBugs, type SynthesizeBugsOptions } from '@swespot/pr-mirror';
import { buildEnvironment, createSnapshot, inferEnvironment, openGitReader } from '@swespot/repo-sandbox';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';

const work = await mkdtemp(join(tmpdir(), 'swespot-example-synth-shards-'));
try {
  const repository = process.argv[2] ?? (await createSampleRepository({ directory: join(work, 'tinyshop') })).directory;
  const cutoff = process.argv[3] ?? (process.argv[2] === undefined ? SAMPLE_REPOSITORY_CUTOFF : '2023-01-01');
  const attempts = Number(process.argv[4] ?? 8);
  const info = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into: join(work, 'snapshot') });
  const git = await openGitReader({ directory: info.directory });
  const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
  git.close();
  // One environment for every shard (on a cluster: `swespot env build --out env.json`, then `--environment env.json`).
  const build = await buildEnvironment({ recipe: await inferEnvironment(info.directory), snapshotPath: info.directory, dependencies: 'offline-debian' });
  const run = (out: string, shard?: { index: number; count: number }) => {
    const options: SynthesizeBugsOptions = {
      snapshotDirectory: info.directory,
      index,
      repo: 'local/example',
      snapshot: { commit: info.sourceCommit, cutoff: info.cutoff },
      strategies: ['procedural'],
      count: 1, // ignored with attempts: every valid bug of the first `attempts` attempts is kept
      attempts,
      seed: 1,
      validation: { validator: createBugValidator({ environment: build }), environment: build, out },
      ...(shard === undefined ? {} : { shard }),
    };
    return synthesizeBugs(options);
  };
  const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');

  const whole = await run(join(work, 'whole.jsonl'));
  console.log(`unsharded: ${whole.yields.procedural!.validated} candidates validated, ${whole.written} kept`);
  const union: string[] = [];
  for (let shardIndex = 0; shardIndex < 3; shardIndex++) {
    const result = await run(join(work, `shard-${shardIndex}.jsonl`), { index: shardIndex, count: 3 });
    const stats = result.yields.procedural!;
    console.log(`shard ${shardIndex} of 3: ${stats.validated} validated (${stats.inOtherShards} left to the others), ${result.written} kept`);
    union.push(...(await lines(join(work, `shard-${shardIndex}.jsonl`))));
  }
  const expected = (await lines(join(work, 'whole.jsonl'))).sort();
  console.log(`the shards' records are the unsharded run's: ${JSON.stringify(union.sort()) === JSON.stringify(expected)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}

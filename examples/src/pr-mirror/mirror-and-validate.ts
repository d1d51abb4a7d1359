/**
 * RCX unit 3 on a real repository: a snapshot at the cutoff, its environment (dependencies
 * from Debian), the merged pull requests before it mined and selected (relaxed and strict
 * counts side by side), LIMIT of the relaxed ones mirrored back onto the snapshot, and
 * validated in Docker; the kept ones are written as bugfix tasks to OUT.
 *
 *   pnpm --filter @swespot/examples example src/pr-mirror/mirror-and-validate.ts REPOSITORY CUTOFF OUT.jsonl [LIMIT]
 *
 * e.g. `... /work/repos/click 2023-01-01 /tmp/click-bugs.jsonl 5`. Needs Docker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBugValidator, minePullRequests, prepareMirrorCandidates, selectPullRequests, STRICT_SELECTION, validateBugCandidates } from '@swespot/pr-mirror';
import { buildEnvironment, createSnapshot, inferEnvironment, openGitReader } from '@swespot/repo-sandbox';

const [repository, cutoff, out, limit = '5'] = process.argv.slice(2);
if (!repository || !cutoff || !out) throw new Error('usage: mirror-and-validate.ts REPOSITORY CUTOFF OUT.jsonl [LIMIT]');
const work = await mkdtemp(join(tmpdir(), 'swespot-example-mirror-'));
try {
  const snapshot = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into: join(work, 'snapshot') });
  const reader = await openGitReader({ directory: snapshot.directory });
  const mined = await minePullRequests({ reader });
  const strict = await selectPullRequests({ pullRequests: mined.pullRequests, reader, settings: STRICT_SELECTION });
  reader.close();
  console.log(`${mined.pullRequests.length} PRs mined; strict keeps ${strict.kept.length}`, strict.removedBy);

  const { candidates, funnel } = await prepareMirrorCandidates({ snapshotDirectory: snapshot.directory, repo: 'example/repository', cutoff, limit: Number(limit), seed: 1 });
  console.log(`relaxed keeps ${funnel.kept}; mirrored ${funnel.mirroredDirectly} directly, ${funnel.mirrorFailed} failed (no model given)`);
  const build = await buildEnvironment({ recipe: await inferEnvironment(snapshot.directory), snapshotPath: snapshot.directory, dependencies: 'offline-debian' });
  const validator = createBugValidator({ environment: build });
  const summary = await validateBugCandidates({ candidates, validator, environment: build, out, concurrency: 2, onProgress: (progress) => console.log(`${progress.done}/${progress.total} ${progress.candidateId}: ${progress.outcome}`) });
  console.log(`${summary.written} written to ${out}`, summary.outcomes);
} finally {
  await rm(work, { recursive: true, force: true });
}

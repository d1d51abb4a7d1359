/**
 * Mines software design probes from a repository at a cutoff, the way `swespot design` does,
 * prints one probe as the agent sees it and what is kept for judges (rubric, grounding
 * facts), then checks two reports with the grounding check: one built from the index's own
 * facts (grounded) and one that names a file and a class that do not exist.
 *
 *   pnpm --filter @swespot/examples example src/design-probes/design-probes-and-grounding.ts [repository] [cutoff]
 *
 * Without an argument it uses the small Python package of @swespot/fim-holes's tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository } from '@swespot/code-index';
import { checkReportGrounding, countFolderCommits, mineDesignTasks } from '@swespot/design-probes';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { createPythonRepository } from '../../../packages/fim-holes/src/__fixtures__/create-python-repository';

const repository = process.argv[2] ?? (await createPythonRepository());
const cutoff = process.argv[3] ?? (process.argv[2] === undefined ? '2022-06-01' : '2023-01-01');
const into = await mkdtemp(join(tmpdir(), 'swespot-example-design-'));
try {
  const info = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into });
  const git = await openGitReader({ directory: info.directory });
  const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
  const folderCommits = await countFolderCommits({ reader: git });
  git.close();
  const { tasks, statistics } = mineDesignTasks({
    snapshot: { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt },
    index,
    repo: 'example/repository',
    count: 10,
    seed: 0,
    folderCommits,
    environment: { image: 'swespot/base-python:example', installCommands: [], workingDirectory: '/testbed' },
    testSpec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 },
  });
  console.log('probes by granularity', statistics.byGranularity);
  const task = tasks.find((candidate) => candidate.groundingFacts.length > 0) ?? tasks[0]!;
  console.log(`\n--- ${task.id}: the prompt ---\n${task.prompt}`);
  console.log('\n--- kept for judges ---');
  for (const item of task.rubric ?? []) console.log(`rubric (${item.weight}): ${item.criterion}`);
  for (const fact of task.groundingFacts) console.log(`fact: ${fact.statement}`);

  const target = task.targets[0]!;
  const uses = task.groundingFacts.filter((fact) => fact.path !== undefined).map((fact) => `- \`${fact.path}\` (${fact.statement.startsWith('`') ? 'used by' : 'uses'}): see the code.`);
  const grounded = `## Functionality\nSee \`${target.path}\`.\n\n## Design rationale\nKept small.\n\n## Interactions\n${uses.join('\n') || `- \`${target.path}\` (uses): itself.`}\n`;
  const madeUp = `${grounded}- \`pkg/registry.py\` \`PluginRegistry\` (uses): registers plugins.\n`;
  for (const [name, report] of [['grounded', grounded], ['made up', madeUp]] as const) {
    const result = await checkReportGrounding({ report, targets: task.targets, index, snapshotDirectory: info.directory });
    console.log(`\n${name}: score ${result.score.toFixed(2)}`, result.ungrounded.map((claim) => `${claim.kind} ${claim.text}: ${claim.reason}`));
  }
} finally {
  await rm(into, { recursive: true, force: true });
  if (process.argv[2] === undefined) await rm(repository, { recursive: true, force: true });
}

/**
 * Mines agentic FIM tasks from a repository at a cutoff, the way `swespot fim` does, prints
 * the first task as the agent sees it (instruction and the line that marks the hole), what
 * is kept from the agent (its cross-file dependencies and tests), and checks two fills with
 * the checker (parse and similarity; add a sandbox runner to run the tests too).
 *
 *   pnpm --filter @swespot/examples example src/fim-holes/mine-and-check-fim-tasks.ts [repository] [cutoff]
 *
 * Without an argument it uses the small Python package of @swespot/fim-holes's tests.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository } from '@swespot/code-index';
import { checkFimFill, makeHoledFile, mineFimTasks } from '@swespot/fim-holes';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { createPythonRepository } from '../../../packages/fim-holes/src/__fixtures__/create-python-repository';

const repository = process.argv[2] ?? (await createPythonRepository());
const cutoff = process.argv[3] ?? (process.argv[2] === undefined ? '2022-06-01' : '2023-01-01');
const into = await mkdtemp(join(tmpdir(), 'swespot-example-fim-'));
try {
  // Generators read the repository only through a snapshot at the cutoff.
  const info = await createSnapshot({ repo: repository, cutoff, history: 'truncated', into });
  const git = await openGitReader({ directory: info.directory });
  const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
  git.close();
  const snapshot = { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt };
  const { tasks, statistics } = await mineFimTasks({
    snapshot,
    index,
    repo: 'example/repository',
    count: 20,
    seed: 0,
    environment: { image: 'swespot/base-python:example', installCommands: [], workingDirectory: '/testbed' },
    testSpec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 },
  });
  console.log('tasks', statistics.byClassification, 'holes by kind', statistics.holesByKind, 'by dependency count', statistics.tasksByDependencyCount);
  const task = tasks[0];
  if (task === undefined) throw new Error('no task: the repository has no hole candidate');
  const original = await readFile(join(info.directory, task.file));
  const holed = makeHoledFile(original, task.holes).toString('utf8');
  console.log(`\n--- ${task.id} (${task.classification}): the instruction ---\n${task.instruction}`);
  console.log(`\n--- the marked line in ${task.file} ---\n${holed.split('\n').find((line) => line.includes('FIM HOLE 1'))}`);
  console.log('\n--- kept from the agent ---');
  console.log('dependencies', task.crossFileDependencies.map((dependency) => `${dependency.symbol} (${dependency.symbolKind ?? '?'}) in ${dependency.definedIn}`));
  console.log('tests', task.testSpec.selection);

  const truth = await checkFimFill({ task, snapshotDirectory: info.directory, fill: { filledFile: original } });
  const wrong = await checkFimFill({ task, snapshotDirectory: info.directory, fill: { fills: task.holes.map(() => 'pass') } });
  console.log('\nground truth', truth.parses, truth.holes[0]);
  console.log('"pass"      ', wrong.parses, wrong.holes[0]);
} finally {
  await rm(into, { recursive: true, force: true });
  if (process.argv[2] === undefined) await rm(repository, { recursive: true, force: true });
}

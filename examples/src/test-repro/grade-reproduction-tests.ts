/**
 * RCX unit 4 end to end on a small Python package with a mirrored bug: builds its
 * environment (with coverage.py), turns the bugfix task into a reproduction-test task (the
 * failing tests hidden from the agent), and grades three test patches the way training-data
 * filtering and TDD-Bench evaluation do: the task's own gold tests, a test that passes on the
 * buggy code too, and one that reproduces half of the bug.
 *
 *   pnpm --filter @swespot/examples example src/test-repro/grade-reproduction-tests.ts
 *
 * Needs Docker (and root for the first debootstrap base image).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReproductionGrade } from '@swespot/core';
import { buildEnvironment, inferEnvironment, taskEnvironmentOf } from '@swespot/repo-sandbox';
import { buildReproTask, gradeReproduction, withCoverageTooling, writeFileDiff } from '@swespot/test-repro';
import { TEXTKIT_FIXED, textkitBugfix, writeGitRepository } from '@swespot/test-repro/test';

const { root, commit } = await writeGitRepository(TEXTKIT_FIXED, 'swespot-example-repro-');
try {
  const build = await buildEnvironment({ recipe: withCoverageTooling(await inferEnvironment(root)), snapshotPath: root, dependencies: 'offline-debian' });
  console.log(`environment ${build.environment.image}: usable ${build.usable}, ${build.baseline?.tests.length} tests in the baseline`);
  const bugfix = textkitBugfix(commit, taskEnvironmentOf(build));
  const { task, hiddenTests } = await buildReproTask({ bugfix, readSnapshotFile: (path) => readFile(join(root, path), 'utf8').catch(() => undefined) });
  console.log(`task ${task.id}: ${hiddenTests.length} failing tests hidden from the agent; it writes tests in ${task.testFiles.join(', ')}`);

  // The test file as the agent finds it, and two patches an agent could hand in.
  const agentView = (await readFile(join(root, 'tests/test_textkit.py'), 'utf8')).replace(/    def test_slugify_double_space[\s\S]*$/, '    pass\n');
  const appending = (lines: string[]) => writeFileDiff('tests/test_textkit.py', agentView, `${agentView}\n\ndef ${lines.join('\n')}\n`);
  const show = (label: string, grade: ReproductionGrade) =>
    console.log(
      `${label.padEnd(16)} resolved ${String(grade.resolved).padEnd(5)} score ${grade.score.toFixed(2)} coverage ${grade.coverage?.share?.toFixed(2) ?? '-'} ` +
        `${grade.tests.map((test) => `${test.name}: ${test.before.join('/')} -> ${test.after.join('/')}`).join('; ')}${grade.reasons.length ? ` | ${grade.reasons.map((reason) => reason.code).join(', ')}` : ''}`,
    );
  show('gold tests', await gradeReproduction({ task, testPatch: task.testPatch }));
  show('passes anyway', await gradeReproduction({ task, testPatch: appending(['test_simple():', '    assert textkit.slugify("a b") == "a-b"']), runsPerSide: 1 }));
  show('half the bug', await gradeReproduction({ task, testPatch: appending(['test_initials():', '    assert textkit.initials("ada  lovelace") == "AL"']), runsPerSide: 1 }));
} finally {
  await rm(root, { recursive: true, force: true });
}

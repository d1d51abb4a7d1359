import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { reproductionGradeSchema, type ReproductionGrade, type SandboxProviderV1, type TestReproTask } from '@swespot/core';
import { buildEnvironment, inferEnvironment, taskEnvironmentOf } from '@swespot/repo-sandbox';
import { buildPythonBaseImage, createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { applyPatch as applyTextPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTKIT_FAIL_TO_PASS, TEXTKIT_FIXED, textkitBugfix, writeGitRepository } from '../test/buggy-repositories';
import { writeFileDiff } from '../patch/write-file-diff';
import { buildReproTask } from '../task/build-repro-task';
import { hideTests } from '../task/hide-tests';
import { gradeReproduction } from './grade-reproduction';
import { withCoverageTooling } from './with-coverage-tooling';

const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

const TEST_FILE = 'tests/test_textkit.py';
let task: TestReproTask;
/** The test file as the agent finds it: the failing tests hidden. */
let hiddenText: string;

/** A patch that appends these lines to the hidden test file (module-level tests). */
function appending(lines: readonly string[]): string {
  return writeFileDiff(TEST_FILE, hiddenText, `${hiddenText.trimEnd()}\n\n\n${lines.join('\n')}\n`);
}

async function grade(testPatch: string, runsPerSide = 1, sandbox?: SandboxProviderV1): Promise<ReproductionGrade> {
  const result = await gradeReproduction({ task, testPatch, runsPerSide, ...(sandbox ? { sandbox } : {}) });
  // What is written to disk must read back.
  expect(reproductionGradeSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  return result;
}

beforeAll(async () => {
  // textkit at its fixed commit, built once (offline-debian: pytest and coverage.py from Debian).
  const { root, commit } = await writeGitRepository(TEXTKIT_FIXED, 'swespot-repro-textkit-');
  made.push(root);
  const recipe = withCoverageTooling(await inferEnvironment(root));
  const build = await buildEnvironment({ recipe, snapshotPath: root, dependencies: 'offline-debian', baseImage: await buildPythonBaseImage({}) });
  expect(build.usable).toBe(true);
  expect(build.debianPackages).toContain('python3-coverage');
  const bugfix = textkitBugfix(commit, taskEnvironmentOf(build));
  ({ task } = await buildReproTask({ bugfix, readSnapshotFile: (path) => readFile(join(root, path), 'utf8').catch(() => undefined) }));
  const hidden = await hideTests({ testIds: TEXTKIT_FAIL_TO_PASS, framework: 'pytest', candidateFiles: [], readFile: async (path) => TEXTKIT_FIXED[path] });
  hiddenText = applyTextPatch(TEXTKIT_FIXED[TEST_FILE]!, hidden.hidePatch) as string;
}, 1_200_000);

describe('gradeReproduction: Python (pytest, coverage.py), a PR-mirror bug with its tests hidden', () => {
  it('grades the task\'s own gold tests as resolved, with full coverage of the fix, twice on each side', async () => {
    const result = await grade(task.testPatch, 2);
    expect(result.reasons).toEqual([]);
    expect(result).toMatchObject({ resolved: true, failBefore: true, passAfter: true, score: 1, runsPerSide: 2 });
    expect(result.tests.map((test) => [test.id, test.before, test.after, test.outcome])).toEqual([
      ['tests/test_textkit.py::TestSpaces::test_slugify_double_space', ['failed', 'failed'], ['passed', 'passed'], 'fail-to-pass'],
      ['tests/test_textkit.py::TestSpaces::test_initials_double_space', ['failed', 'failed'], ['passed', 'passed'], 'fail-to-pass'],
    ]);
    // Two lines removed (measured on the buggy code) and two added (on the fixed code), all executed.
    expect(result.coverage).toMatchObject({ tool: 'coverage.py', share: 1, covered: 4, missed: 0 });
    expect(result.coverage!.files).toEqual([
      { path: 'textkit/__init__.py', side: 'before', covered: [6, 12], missed: [], notExecutable: [] },
      { path: 'textkit/__init__.py', side: 'after', covered: [6, 12], missed: [], notExecutable: [] },
    ]);
    // Only the added tests ran, not the file's others.
    expect(result.runs.before[0]!.tests.map((test) => test.testId).sort()).toEqual([...TEXTKIT_FAIL_TO_PASS].sort());
  }, 900_000);

  it('refuses an empty patch and a patch that touches source, before running anything', async () => {
    const empty = await grade('');
    expect(empty).toMatchObject({ resolved: false, score: 0, runsPerSide: 0, reasons: [{ code: 'empty-patch' }] });
    const touching = await grade(`${appending(['def test_x():', '    assert textkit.slugify("a  b") == "a-b"'])}${writeFileDiff('textkit/__init__.py', 'x = 1\n', 'x = 2\n')}`);
    expect(touching).toMatchObject({ resolved: false, runsPerSide: 0, reasons: [{ code: 'touches-source', files: ['textkit/__init__.py'] }] });
    expect(touching.runs.before).toEqual([]);
  });

  it('grades a test that asserts nothing new, and one that already passes on the buggy code, as not resolved', async () => {
    const nothingNew = await grade(appending(['def test_runs():', '    textkit.slugify("Hello  World")']));
    expect(nothingNew).toMatchObject({ resolved: false, failBefore: false, passAfter: true, reasons: [{ code: 'passes-on-both-sides', tests: ['tests/test_textkit.py::test_runs'] }] });
    const alreadyPasses = await grade(appending(['def test_single_space():', '    assert textkit.slugify("Hello World") == "hello-world"']));
    expect(alreadyPasses).toMatchObject({ resolved: false, failBefore: false, reasons: [{ code: 'passes-on-both-sides' }] });
    expect(alreadyPasses.tests[0]).toMatchObject({ before: ['passed'], after: ['passed'], outcome: 'pass-to-pass' });
  }, 900_000);

  it('scores a test that never executes the changed lines below one that does: coverage is measured', async () => {
    // Fails before and passes after by reading the source, never running slugify.
    const readsSource = await grade(appending(['def test_source():', '    import inspect', '', '    assert \'split(" ")\' not in inspect.getsource(textkit.slugify)']));
    expect(readsSource).toMatchObject({ failBefore: true, passAfter: true, resolved: false, score: 0, reasons: [{ code: 'no-coverage' }] });
    expect(readsSource.coverage).toMatchObject({ share: 0, covered: 0, missed: 4 });
    // Runs initials only: half of the changed lines.
    const half = await grade(appending(['def test_initials():', '    assert textkit.initials("ada  lovelace") == "AL"']));
    expect(half).toMatchObject({ resolved: true, score: 0.5, coverage: { share: 0.5, covered: 2, missed: 2 } });
    expect(half.coverage!.files.map((file) => [file.side, file.covered, file.missed])).toEqual([
      ['before', [12], [6]],
      ['after', [12], [6]],
    ]);
  }, 900_000);

  it('reports a test failing on both sides, a patch adding no test, and a hunk that does not apply', async () => {
    const failsBoth = await grade(appending(['def test_wrong():', '    assert textkit.slugify("Hello  World") == "Hello World"']));
    expect(failsBoth).toMatchObject({ resolved: false, failBefore: true, passAfter: false, reasons: [{ code: 'fails-on-both-sides', tests: ['tests/test_textkit.py::test_wrong'] }] });
    const helperOnly = await grade(appending(['def make_text():', '    return "a  b"']));
    expect(helperOnly).toMatchObject({ resolved: false, reasons: [{ code: 'no-tests-found', files: [TEST_FILE] }] });
    // Written against another version of the file: the line it replaces is not there (fuzz cannot skip a removed line).
    const otherVersion = hiddenText.replace('== "HI!"', '== "HI?"');
    const stale = writeFileDiff(TEST_FILE, otherVersion, otherVersion.replace('    assert textkit.shout("hi") == "HI?"', '    assert textkit.shout("a  b") == "A  B!"'));
    const notApplying = await grade(stale);
    expect(notApplying.reasons).toMatchObject([{ code: 'does-not-apply', patch: 'test', files: [TEST_FILE], hunk: { file: TEST_FILE, index: 1 } }]);
    expect(notApplying.reasons[0]!.message).toMatch(/^The test patch does not apply to the buggy code: hunk 1 of tests\/test_textkit\.py \(@@ /);
  }, 900_000);

  it('finds a flaky test: two runs on the buggy code disagree', async () => {
    // A real Docker sandbox whose sessions count themselves; the test passes in the first two sessions only (before 1, after 1).
    const docker = createDockerSandbox({ workdir: task.environment.workingDirectory, reapOrphans: false });
    let sessions = 0;
    const counting: SandboxProviderV1 = { ...docker, createSession: (options = {}) => docker.createSession({ ...options, env: { ...options.env, SWESPOT_SESSION: String(++sessions) } }) };
    const flaky = await grade(appending(['def test_depends_on_the_run():', '    import os', '', '    assert int(os.environ["SWESPOT_SESSION"]) <= 2']), 2, counting);
    expect(flaky.tests[0]).toMatchObject({ before: ['passed', 'failed'], after: ['passed', 'failed'], outcome: 'flaky' });
    expect(flaky).toMatchObject({ resolved: false, reasons: [{ code: 'flaky' }] });
  }, 900_000);
});

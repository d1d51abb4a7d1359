import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { reproductionGradeSchema, testReproTaskSchema } from '@swespot/core';
import { buildEnvironment, inferEnvironment } from '@swespot/repo-sandbox';
import { buildPythonBaseImage } from '@swespot/repo-sandbox/docker';
import { withCoverageTooling } from '@swespot/test-repro';
import { TEXTKIT_FAIL_TO_PASS, TEXTKIT_FIXED, textkitBugfix, writeGitRepository } from '@swespot/test-repro/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;
let repository: { root: string; commit: string };

async function swespot(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-repro-'));
  repository = await writeGitRepository(TEXTKIT_FIXED, 'swespot-cli-repro-textkit-');
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(repository.root, { recursive: true, force: true });
});

describe('swespot repro', () => {
  it('makes a test-repro task per bugfix task, hiding failing tests read from --repo, and resumes without duplicates', async () => {
    const mirrored = textkitBugfix(repository.commit);
    const historical = { ...textkitBugfix(repository.commit), id: 'swespot__textkit-9', testPatch: 'diff --git a/tests/test_new.py b/tests/test_new.py\nnew file mode 100644\n--- /dev/null\n+++ b/tests/test_new.py\n@@ -0,0 +1,2 @@\n+def test_new():\n+    pass\n', bugPatch: undefined };
    writeFileSync(join(folder, 'bugs.jsonl'), `${JSON.stringify(mirrored)}\n\n${JSON.stringify(historical)}\n`);
    const first = await swespot(['repro', 'bugs.jsonl', '--out', 'repro.jsonl', '--repo', repository.root]);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('tasks 2 written, 0 already in the file (of 2 bugfix tasks)');
    expect(first.stdout).toContain('gold tests from the bugfix test patch in 1; hidden from the snapshot in 1 (2 tests)');
    const tasks = readFileSync(join(folder, 'repro.jsonl'), 'utf8').trim().split('\n').map((line) => testReproTaskSchema.parse(JSON.parse(line)));
    expect(tasks.map((task) => task.id)).toEqual([`${mirrored.id}.test-repro`, 'swespot__textkit-9.test-repro']);
    expect(tasks[0]!.metadata).toMatchObject({ hiddenTests: TEXTKIT_FAIL_TO_PASS });
    expect(tasks[0]!.testPatch).toContain('+    def test_slugify_double_space(self):');
    expect(tasks[1]!.testPatch).toBe(historical.testPatch);
    const again = await swespot(['repro', 'bugs.jsonl', '--out', 'repro.jsonl', '--repo', repository.root, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 2, written: 0, alreadyInFile: 2 });
    expect(readFileSync(join(folder, 'repro.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('names the file, line and field of a record that is not a bugfix task', async () => {
    const broken = { ...textkitBugfix(repository.commit), failToPass: [] };
    writeFileSync(join(folder, 'broken.jsonl'), `${JSON.stringify(textkitBugfix(repository.commit))}\n${JSON.stringify(broken)}\n`);
    const result = await swespot(['repro', 'broken.jsonl', '--out', 'broken-out.jsonl', '--repo', repository.root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/broken\.jsonl:2: invalid BugfixTask[\s\S]*failToPass/);
  });
});

describe('swespot grade-repro', () => {
  it('refuses a patch that touches source without running anything, printing the grade as JSON with exit 1', async () => {
    writeFileSync(join(folder, 'source.diff'), 'diff --git a/textkit/__init__.py b/textkit/__init__.py\n--- a/textkit/__init__.py\n+++ b/textkit/__init__.py\n@@ -6 +6 @@\n-    words = text.lower().split()\n+    words = text.lower().split(" ")\n');
    const result = await swespot(['grade-repro', '--data', 'repro.jsonl', '--instance', `${textkitBugfix().id}.test-repro`, '--patch', 'source.diff', '--image', 'swespot/none:never-pulled']);
    expect(result.exitCode).toBe(1);
    const grade = reproductionGradeSchema.parse(JSON.parse(result.stdout));
    expect(grade).toMatchObject({ resolved: false, runsPerSide: 0, reasons: [{ code: 'touches-source', files: ['textkit/__init__.py'] }] });
    const missing = await swespot(['grade-repro', '--data', 'repro.jsonl', '--instance', 'nope', '--patch', 'source.diff']);
    expect(missing).toMatchObject({ exitCode: 1, stdout: '' });
    expect(missing.stderr).toContain('--instance: no task or row "nope"');
  });

  it("grades the task's gold tests as resolved in the environment of --environment", async () => {
    const build = await buildEnvironment({ recipe: withCoverageTooling(await inferEnvironment(repository.root)), snapshotPath: repository.root, dependencies: 'offline-debian', baseImage: await buildPythonBaseImage({}) });
    writeFileSync(join(folder, 'build.json'), JSON.stringify(build));
    const task = testReproTaskSchema.parse(JSON.parse(readFileSync(join(folder, 'repro.jsonl'), 'utf8').split('\n')[0]!));
    writeFileSync(join(folder, 'gold.diff'), task.testPatch);
    const result = await swespot(['grade-repro', '--data', 'repro.jsonl', '--instance', task.id, '--patch', 'gold.diff', '--environment', 'build.json', '--runs', '1']);
    expect(result.stderr).toMatch(/^before 1\/1: 2 tests\nafter 1\/1: 2 tests\n$/);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ resolved: true, score: 1, coverage: { share: 1 }, environment: { sandbox: 'docker', image: build.environment.image } });
  }, 1_200_000);
});

/**
 * From a repository at a snapshot to an environment whose tests run, and a bug validated in
 * it: infer the recipe, build and verify it (baseline), then run the tests a bug touches
 * against a workspace with the bug applied, and say which tests fail because of it
 * (FAIL_TO_PASS) and which pass either way (PASS_TO_PASS). The task fields it prints are what
 * a TaskInstance carries to run the same tests later from the record alone.
 *
 *   pnpm --filter @swespot/examples example src/repo-sandbox/environment-for-a-repository.ts [SNAPSHOT] [--deps online|offline-debian]
 *
 * Without SNAPSHOT it makes a small setuptools package with pytest. Needs Docker (and root
 * the first time, to debootstrap the shared base image).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment, inferEnvironment, runEnvironmentTests, taskEnvironmentOf } from '@swespot/repo-sandbox';

const args = process.argv.slice(2);
const deps = args.includes('--deps') ? (args[args.indexOf('--deps') + 1] as 'online' | 'offline-debian') : 'offline-debian';
let snapshot = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--deps');
const made: string[] = [];
if (!snapshot) {
  snapshot = await mkdtemp(join(tmpdir(), 'swespot-example-env-'));
  made.push(snapshot);
  await writeFile(join(snapshot, 'pyproject.toml'), '[project]\nname = "tinycalc"\nversion = "1.0"\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n');
  await writeFile(join(snapshot, 'tinycalc.py'), 'def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n');
  await mkdir(join(snapshot, 'tests'));
  await writeFile(join(snapshot, 'tests/test_calc.py'), 'from tinycalc import add, mul\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n');
}

// 1. The recipe, with where each field came from.
const recipe = await inferEnvironment(snapshot);
console.log(`recipe: ${recipe.language}, ${recipe.test.framework}: ${recipe.test.command}`);
for (const [field, source] of Object.entries(recipe.origins)) console.log(`  ${field.padEnd(18)} <- ${source.file}${source.key ? ` (${source.key})` : ''}`);

// 2. Build (or reuse) the image and prove it with the whole suite.
const build = await buildEnvironment({ recipe, snapshotPath: snapshot, dependencies: deps, onProgress: (progress) => console.log(`  [${(progress.elapsedMs / 1000).toFixed(1)} s] ${progress.message}`) });
const count = (status: string) => build.baseline?.tests.filter((test) => test.status === status).length ?? 0;
console.log(`environment ${build.environment.image}: ${build.usable ? 'usable' : 'NOT usable'}, ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
for (const reason of build.reasons) console.log(`  ${reason}`);
for (const missing of build.unsatisfied) console.log(`  unsatisfied: ${missing.name} (${missing.reason})`);

// 3. A bug in a workspace copy, its test file run in a fresh sandbox from the image.
if (made.includes(snapshot)) {
  const workspace = await mkdtemp(join(tmpdir(), 'swespot-example-bug-'));
  made.push(workspace);
  await cp(snapshot, workspace, { recursive: true });
  const source = join(workspace, 'tinycalc.py');
  await writeFile(source, (await readFile(source, 'utf8')).replace('a * b', 'a + b'));
  const task = taskEnvironmentOf(build, { mode: 'files', files: ['tests/test_calc.py'] });
  const buggy = await runEnvironmentTests({ ...task, workspace });
  const before = new Map(build.baseline!.tests.map((test) => [test.testId, test.status]));
  console.log('FAIL_TO_PASS:', buggy.tests.filter((test) => test.status === 'failed' && before.get(test.testId) === 'passed').map((test) => test.testId));
  console.log('PASS_TO_PASS:', buggy.tests.filter((test) => test.status === 'passed' && before.get(test.testId) === 'passed').map((test) => test.testId));
  console.log('task fields:', JSON.stringify(task));
}
for (const folder of made) await rm(folder, { recursive: true, force: true });

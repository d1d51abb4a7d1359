import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { environmentBuildSchema, type EnvironmentBuild, type TestReport } from '@swespot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { testPythonImage } from '../sandbox-shared/__fixtures__/test-images';
import { POETRY_PYTEST, SETUPTOOLS_PYTEST, SETUPTOOLS_UNITTEST, writeRepository } from './__fixtures__/environment-repositories';
import { buildEnvironment, taskEnvironmentOf } from './build-environment';
import { inferEnvironment } from './infer-environment';
import { runEnvironmentTests } from './run-environment-tests';

const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

async function build(files: Readonly<Record<string, string>>, options: { minimumPassRate?: number; dependencies?: 'online' | 'offline-debian'; pipIndexUrl?: string } = {}): Promise<{ build: EnvironmentBuild; root: string }> {
  const root = await writeRepository(files);
  made.push(root);
  const recipe = await inferEnvironment(root);
  const result = await buildEnvironment({ recipe, snapshotPath: root, dependencies: options.dependencies ?? 'offline-debian', baseImage: await testPythonImage(), ...options });
  // What is written to disk must read back.
  expect(environmentBuildSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  return { build: result, root };
}

function statuses(report: TestReport | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const test of report?.tests ?? []) counts[test.status] = (counts[test.status] ?? 0) + 1;
  return counts;
}

describe('buildEnvironment: Python, offline-debian', () => {
  it('builds a setuptools package with pytest, installs it (its tests read its metadata), and runs files and ids against a workspace or a patch', async () => {
    const { build: result, root } = await build(SETUPTOOLS_PYTEST, { minimumPassRate: 0.8 });
    expect(result.projectInstalled).toBe('installed');
    expect(statuses(result.baseline)).toEqual({ passed: 5, failed: 1, skipped: 1, xfail: 1 });
    expect(result.baseline!.tests.map((test) => test.testId)).toContain('tests/test_calc.py::test_add[one two]');
    expect(result.baseline!.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
    expect(result.passRate).toBeCloseTo(5 / 6);
    expect(result.usable).toBe(true);
    expect(result.unsatisfied).toEqual([]);

    // A workspace: the snapshot with a bug in add and a test file deleted.
    const workspace = await mkdtemp(join(tmpdir(), 'swespot-env-workspace-'));
    made.push(workspace);
    execFileSync('cp', ['-a', `${root}/.`, workspace]);
    await writeFile(join(workspace, 'src/tinycalc/__init__.py'), (await readFile(join(root, 'src/tinycalc/__init__.py'), 'utf8')).replace('a + b', 'a - b'));
    const { environment, testSpec } = taskEnvironmentOf(result, { mode: 'tests', testIds: ['tests/test_calc.py::test_add[one two]', 'tests/test_calc.py::test_shout'] });
    const selected = await runEnvironmentTests({ environment, testSpec, workspace });
    expect(selected.tests.map((test) => [test.testId, test.status])).toEqual([
      ['tests/test_calc.py::test_add[one two]', 'failed'],
      ['tests/test_calc.py::test_shout', 'passed'],
    ]);
    // Files the workspace lacks are gone in the sandbox too.
    await writeFile(join(workspace, 'tests/test_extra.py'), 'def test_extra():\n    assert True\n');
    await rm(join(workspace, 'tests/test_calc.py'));
    const rest = await runEnvironmentTests({ ...taskEnvironmentOf(result), workspace });
    expect(rest.tests.map((test) => test.testId)).toEqual(['tests/test_extra.py::test_extra']);

    // A patch on the image's own snapshot, one file selected.
    const patch = ['--- a/src/tinycalc/__init__.py', '+++ b/src/tinycalc/__init__.py', '@@ -4,3 +4,3 @@', ' ', ' def shout(text):', '-    return text.upper() + "!"', '+    return text.lower() + "!"', ''].join('\n');
    const patched = await runEnvironmentTests({ ...taskEnvironmentOf(result, { mode: 'files', files: ['tests/test_calc.py'] }), patch });
    expect(patched.tests.find((test) => test.testId === 'tests/test_calc.py::test_shout')!.status).toBe('failed');
    expect(patched.tests.find((test) => test.testId === 'tests/test_calc.py::test_metadata')!.status).toBe('passed');
  }, 900_000);

  it('builds a Poetry package (poetry-core from Debian) and a unittest package, with their known counts', async () => {
    const poetry = await build(POETRY_PYTEST);
    expect(poetry.build.debianPackages).toContain('python3-poetry-core');
    expect(poetry.build.projectInstalled).toBe('installed');
    expect(statuses(poetry.build.baseline)).toEqual({ passed: 3 });
    expect(poetry.build.usable).toBe(true);

    const unittest = await build(SETUPTOOLS_UNITTEST);
    expect(unittest.build.testSpec.framework).toBe('unittest');
    expect(statuses(unittest.build.baseline)).toEqual({ passed: 3, failed: 1, skipped: 1 });
    expect(unittest.build.usable).toBe(false);
    expect(unittest.build.reasons.join('\n')).toMatch(/Only 75\.0% of the tests passed; at least 90% is asked for/);
    const one = await runEnvironmentTests({ ...taskEnvironmentOf(unittest.build, { mode: 'tests', testIds: ['test_wrong (tests.test_double.DoubleTest)'] }) });
    expect(one.tests).toMatchObject([{ testId: 'test_wrong (tests.test_double.DoubleTest)', status: 'failed' }]);
  }, 900_000);

  it('lists a dependency with no Debian package and still builds; adds a plugin a collection error asks for; says why a suite that collects nothing is not usable', async () => {
    const { build: result } = await build({
      'pyproject.toml': '[project]\nname = "mocky"\nversion = "1.0"\ndependencies = ["no-such-distribution-swespot>=1"]\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
      'mocky.py': 'import os\n\n\ndef where():\n    return os.getcwd()\n',
      'tests/test_mocky.py': 'import mocky\n\n\ndef test_where(mocker):\n    mocker.patch("os.getcwd", return_value="/x")\n    assert mocky.where() == "/x"\n',
    });
    expect(result.unsatisfied).toEqual([{ name: 'no-such-distribution-swespot', reason: expect.stringMatching(/^no Debian package/) }]);
    expect(result.attempts).toEqual([{ added: ['pytest-mock'], reason: expect.stringMatching(/fixture 'mocker' not found/) }]);
    expect(result.recipe.dependencies.at(-1)).toMatchObject({ name: 'pytest-mock', group: 'plugin', source: { file: '(retry)' } });
    expect(statuses(result.baseline)).toEqual({ passed: 1 });
    expect(result.usable).toBe(true);

    const { build: empty } = await build({ 'setup.py': 'from setuptools import setup\n\nsetup(name="empty", py_modules=[])\n', 'tests/conftest.py': '', 'tests/test_nothing.py': '# no tests yet\n' });
    expect(empty.usable).toBe(false);
    expect(empty.baseline!.tests).toEqual([]);
    expect(empty.reasons.join('\n')).toMatch(/collected no tests[\s\S]*no tests ran/);
  }, 900_000);
});

describe('buildEnvironment: Python, online', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('installs dependencies with pip from a PEP 503 index (a fake one on 127.0.0.1) at build time only', async () => {
    // A wheel made here: swespot_fake_dep 1.0 with one function.
    const wheelFolder = await mkdtemp(join(tmpdir(), 'swespot-wheel-'));
    made.push(wheelFolder);
    const wheel = 'swespot_fake_dep-1.0-py3-none-any.whl';
    execFileSync('python3', [
      '-c',
      [
        'import sys, zipfile',
        'with zipfile.ZipFile(sys.argv[1], "w") as z:',
        '    z.writestr("swespot_fake_dep/__init__.py", "def answer():\\n    return 42\\n")',
        '    z.writestr("swespot_fake_dep-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: swespot-fake-dep\\nVersion: 1.0\\n")',
        '    z.writestr("swespot_fake_dep-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: swespot-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")',
        '    z.writestr("swespot_fake_dep-1.0.dist-info/RECORD", "")',
      ].join('\n'),
      join(wheelFolder, wheel),
    ]);
    const bytes = await readFile(join(wheelFolder, wheel));
    const requests: string[] = [];
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/simple/swespot-fake-dep/') {
        response.setHeader('content-type', 'text/html');
        response.end(`<!DOCTYPE html><html><body><a href="/files/${wheel}">${wheel}</a></body></html>`);
      } else if (request.url === `/files/${wheel}`) response.end(bytes);
      else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // A requirement unique to this run, so the dependency layer is built (and pip asked) every time.
    const unique = `,!=0.${process.pid}.${Date.now()}`;
    const { build: result } = await build(
      {
        'pyproject.toml': `[project]\nname = "online-user"\nversion = "2.0"\ndependencies = ["swespot-fake-dep>=1.0${unique}"]\n[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n`,
        'online_user.py': 'from swespot_fake_dep import answer\n\n\ndef doubled():\n    return 2 * answer()\n',
        'tests/test_online.py': 'import online_user\n\n\ndef test_doubled():\n    assert online_user.doubled() == 84\n',
      },
      { dependencies: 'online', pipIndexUrl: `http://127.0.0.1:${port}/simple/` },
    );
    expect(requests).toContain(`/files/${wheel}`);
    expect(result.dependencyMode).toBe('online');
    expect(result.reasons).toEqual([]);
    expect(statuses(result.baseline)).toEqual({ passed: 1 });
    expect(result.usable).toBe(true);
    // The index never reaches the image or the record.
    expect(JSON.stringify(result)).not.toContain(String(port));
    // Layers unique to this run are removed (the shared ones stay for the next test run).
    execFileSync('docker', ['rmi', result.images.repository, result.images.dependencies]);
  }, 900_000);
});

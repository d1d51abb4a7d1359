import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidConfigError } from '@swespot/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  JAVASCRIPT_JEST,
  POETRY_PYTEST,
  SETUPTOOLS_PYTEST,
  SETUPTOOLS_UNITTEST,
  TYPESCRIPT_VITEST,
  writeRepository,
} from './__fixtures__/environment-repositories';
import { EnvironmentInferenceError } from './environment-inference-error';
import { loadEnvironmentOverrides } from './environment-overrides';
import { inferEnvironment, recipeSourcesUnchanged } from './infer-environment';
import { mapToDebianPackages } from './map-debian-packages';

const made: string[] = [];
async function repository(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await writeRepository(files);
  made.push(root);
  return root;
}
afterEach(async () => {
  for (const root of made.splice(0)) await rm(root, { recursive: true, force: true });
});

describe('inferEnvironment: Python', () => {
  it('reads a setuptools package: setup.cfg metadata and pytest section, pyproject build backend, src layout', async () => {
    const recipe = await inferEnvironment(await repository(SETUPTOOLS_PYTEST));
    expect(recipe).toMatchObject({ language: 'python', base: 'python', packageManager: 'pip', languageVersion: '>=3.7' });
    expect(recipe.test).toMatchObject({ framework: 'pytest', suite: [] });
    expect(recipe.test.command).toContain('{tests}');
    expect(recipe.origins['test.framework']).toEqual({ file: 'setup.cfg', key: '[tool:pytest]' });
    expect(recipe.origins['test.suite']).toEqual({ file: 'setup.cfg', key: '[tool:pytest] testpaths' });
    expect(recipe.origins.languageVersion).toEqual({ file: 'setup.cfg', key: '[options] python_requires' });
    expect(recipe.dependencies.map((dependency) => [dependency.name, dependency.group, dependency.source.file])).toEqual([
      ['setuptools', 'build', 'pyproject.toml'],
      ['importlib-metadata', 'runtime', 'setup.cfg'],
      ['pytest', 'test', 'setup.cfg'],
    ]);
    expect(recipe.dependencies[1]!.marker).toBe('python_version < "3.8"');
    expect(recipe.projectInstall).toEqual([
      'SETUPTOOLS_SCM_PRETEND_VERSION=1.2.0 python3 -m pip install --break-system-packages --no-deps --no-build-isolation --no-index -e .',
    ]);
    expect(recipe.fallbackEnv).toEqual({ PYTHONPATH: '/testbed/src' });
    expect(recipe.sources.map((source) => source.path)).toEqual(expect.arrayContaining(['setup.cfg', 'setup.py', 'pyproject.toml', 'tox.ini']));
    expect(recipe.sources.find((source) => source.path === 'tox.ini')!.sha256).toBeNull();
  });

  it("keeps a distribution's alternatives for different Pythons, so the one for the test Python is installed (pylint 3.0's dill)", async () => {
    const recipe = await inferEnvironment(
      await repository({
        'pyproject.toml': [
          '[project]',
          'name = "lintkit"',
          'version = "3.0.0"',
          'dependencies = [',
          '    "dill>=0.2;python_version<\'3.11\'",',
          '    "dill>=0.3.6;python_version>=\'3.11\'",',
          '    "dill>=0.3.7;python_version>=\'3.12\'",',
          '    "dill>=0.3.7;python_version>=\'3.12\'",',
          ']',
          '[tool.pytest.ini_options]',
          'testpaths = ["tests"]',
          '',
        ].join('\n'),
      }),
    );
    const dill = recipe.dependencies.filter((dependency) => dependency.name === 'dill');
    // The exact duplicate is dropped; the three alternatives stay.
    expect(dill.map((dependency) => dependency.marker)).toEqual(["python_version<'3.11'", "python_version>='3.11'", "python_version>='3.12'"]);
    const mapping = mapToDebianPackages(recipe.dependencies, { fallback: new Map(), packages: new Set(['python3-dill']), pythonVersion: '3.11.2' });
    expect(mapping.packages).toEqual(['python3-dill']);
  });

  it('reads a Poetry project: python range, dev group, pytest in pyproject, poetry-core backend', async () => {
    const recipe = await inferEnvironment(await repository(POETRY_PYTEST));
    expect(recipe.languageVersion).toBe('>=3.8');
    expect(recipe.origins.languageVersion).toEqual({ file: 'pyproject.toml', key: 'tool.poetry.dependencies.python' });
    expect(recipe.dependencies.map((dependency) => [dependency.name, dependency.specifier, dependency.group])).toEqual([
      ['poetry-core', '>=1.0.0', 'build'],
      ['pytest', '>=7.0', 'test'],
    ]);
    expect(recipe.origins['test.framework']).toEqual({ file: 'pyproject.toml', key: 'tool.pytest.ini_options' });
    expect(recipe.projectInstall[0]).toMatch(/^SETUPTOOLS_SCM_PRETEND_VERSION=0\.3\.1 /);
    expect(recipe.fallbackEnv).toEqual({ PYTHONPATH: '/testbed' });
  });

  it('chooses unittest when nothing mentions pytest', async () => {
    const recipe = await inferEnvironment(await repository(SETUPTOOLS_UNITTEST));
    expect(recipe.test).toMatchObject({ framework: 'unittest', command: 'python3 -m unittest -v {tests}', suite: [] });
    expect(recipe.dependencies.map((dependency) => dependency.name)).toEqual(['setuptools']);
  });

  it('names the pytest plugins the configuration and conftest.py need', async () => {
    const recipe = await inferEnvironment(
      await repository({
        'pyproject.toml': '[project]\nname = "p"\nversion = "1"\ndependencies = ["PyYAML>=5", "pytz"]\n[tool.pytest.ini_options]\naddopts = "--cov=p -n 2"\nasyncio_mode = "auto"\n',
        'tests/conftest.py': 'pytest_plugins = ["pytest_mock"]\n',
      }),
    );
    const plugins = recipe.dependencies.filter((dependency) => dependency.group === 'plugin');
    expect(plugins.map((plugin) => [plugin.name, plugin.source.key])).toEqual([
      ['pytest-cov', 'tool.pytest.ini_options addopts --cov=p'],
      ['pytest-xdist', 'tool.pytest.ini_options addopts -n'],
      ['pytest-asyncio', 'tool.pytest.ini_options asyncio_mode'],
      ['pytest-mock', 'pytest_plugins pytest_mock'],
    ]);
    expect(recipe.test.suite).toEqual(['tests']);
    expect(recipe.projectInstall).toEqual([]);
  });

  it('recognises Django and SymPy runners', async () => {
    const django = await inferEnvironment(await repository({ 'setup.py': 'setup()', 'django/__init__.py': '', 'tests/runtests.py': '' }));
    expect(django.test).toMatchObject({ framework: 'django', command: 'python3 tests/runtests.py --verbosity 2 --parallel 1 {tests}' });
    const sympy = await inferEnvironment(await repository({ 'setup.py': 'setup()', 'sympy/__init__.py': '', 'bin/test': '' }));
    expect(sympy.test).toMatchObject({ framework: 'sympy', command: 'python3 bin/test -C --verbose {tests}' });
  });

  it('says which file and line of pyproject.toml does not parse', async () => {
    const root = await repository({ 'pyproject.toml': '[project]\nname = "x"\nversion = \n' });
    const error = await inferEnvironment(root).catch((caught: unknown) => caught);
    expect(EnvironmentInferenceError.isInstance(error)).toBe(true);
    expect((error as EnvironmentInferenceError).file).toBe('pyproject.toml');
    expect((error as EnvironmentInferenceError).line).toBe(3);
    expect((error as Error).message).toMatch(/^pyproject\.toml:3: does not parse as TOML/);
  });

  it('refuses a repository with no recognisable project files, saying what to write', async () => {
    await expect(inferEnvironment(await repository({ 'README.md': '# hello\n', 'docs/index.txt': '' }))).rejects.toThrow(/no project files found .* swespot\.env\.json/);
    await expect(inferEnvironment('/no/such/folder')).rejects.toThrow(/no such folder/);
  });
});

describe('inferEnvironment: JavaScript and TypeScript', () => {
  it('reads a TypeScript package tested with Vitest', async () => {
    const recipe = await inferEnvironment(await repository(TYPESCRIPT_VITEST));
    expect(recipe).toMatchObject({ language: 'typescript', base: 'node', packageManager: 'npm', dependencyFiles: ['package.json'], dependencyCommands: ['npm install --no-audit --no-fund'] });
    expect(recipe.test.framework).toBe('vitest');
    expect(recipe.test.command).toMatch(/vitest run --reporter=verbose \{tests\}$/);
    expect(recipe.origins['test.framework']).toEqual({ file: 'package.json', key: 'scripts.test' });
  });

  it('reads a JavaScript package tested with Jest, and the package manager from the lockfile', async () => {
    const recipe = await inferEnvironment(await repository({ ...JAVASCRIPT_JEST, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }));
    expect(recipe).toMatchObject({ language: 'javascript', packageManager: 'pnpm', dependencyFiles: ['package.json', 'pnpm-lock.yaml'] });
    expect(recipe.dependencyCommands).toEqual(['npm install --global pnpm@9', 'pnpm install --frozen-lockfile']);
    expect(recipe.test.framework).toBe('jest');
    expect(recipe.origins.packageManager).toEqual({ file: 'pnpm-lock.yaml' });
  });

  it('finds mocha and node --test, and yarn from packageManager', async () => {
    const mocha = await inferEnvironment(await repository({ 'package.json': '{"devDependencies":{"mocha":"10"},"packageManager":"yarn@1.22.19"}' }));
    expect(mocha).toMatchObject({ packageManager: 'yarn', test: { framework: 'mocha' } });
    const node = await inferEnvironment(await repository({ 'package.json': '{"scripts":{"test":"node --test"}}', 'test/a.test.js': '' }));
    expect(node.test).toMatchObject({ framework: 'node-test', suite: ['test/a.test.js'] });
  });

  it('says which line of package.json does not parse', async () => {
    await expect(inferEnvironment(await repository({ 'package.json': '{\n  "name": "x",\n  oops\n}\n' }))).rejects.toThrow(/^package\.json:3: does not parse as JSON/);
  });
});

describe('overrides and drift', () => {
  it('applies swespot.env.json field by field and records it as the origin', async () => {
    const root = await repository(SETUPTOOLS_PYTEST);
    await writeFile(join(root, 'swespot.env.json'), JSON.stringify({ test: { command: 'python3 -m pytest -x -rA {tests}' }, systemPackages: ['python3-numpy'] }));
    const loaded = await loadEnvironmentOverrides({ repository: root });
    const recipe = await inferEnvironment(root, { overrides: loaded!.overrides, overridesFile: 'swespot.env.json' });
    expect(recipe.test).toMatchObject({ framework: 'pytest', command: 'python3 -m pytest -x -rA {tests}' });
    expect(recipe.systemPackages).toEqual(['python3-numpy']);
    expect(recipe.origins['test.command']).toEqual({ file: 'swespot.env.json', key: 'test.command' });
    expect(recipe.origins.systemPackages).toEqual({ file: 'swespot.env.json', key: 'systemPackages' });
  });

  it('reports every invalid override at once as path: message', async () => {
    const root = await repository({});
    await writeFile(join(root, 'swespot.config.json'), JSON.stringify({ environment: { base: 'ruby', test: { timeoutSeconds: -1, framwork: 'jest' }, dependencies: [{ group: 'x' }] } }));
    const error = await loadEnvironmentOverrides({ repository: root }).catch((caught: unknown) => caught);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    const paths = (error as InvalidConfigError).issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['base', 'dependencies.0.group', 'dependencies.0.name', 'test', 'test.timeoutSeconds']);
    expect((error as Error).message).toMatch(/swespot\.config\.json \(environment\)/);
  });

  it('re-infers only when a file the recipe came from changed', async () => {
    const root = await repository(SETUPTOOLS_PYTEST);
    const recipe = await inferEnvironment(root);
    expect(await recipeSourcesUnchanged(recipe, root)).toBe(true);
    // A source file changing (the package's code) is not a recipe source.
    await writeFile(join(root, 'src/tinycalc/__init__.py'), 'def add(a, b):\n    return b + a\n');
    expect(await recipeSourcesUnchanged(recipe, root)).toBe(true);
    expect(await inferEnvironment(root, { previous: recipe })).toBe(recipe);
    // A file looked for and absent appearing is a change.
    await writeFile(join(root, 'tox.ini'), '[testenv]\ndeps = hypothesis\n');
    expect(await recipeSourcesUnchanged(recipe, root)).toBe(false);
    const again = await inferEnvironment(root, { previous: recipe });
    expect(again).not.toBe(recipe);
    expect(again.dependencies.map((dependency) => dependency.name)).toContain('hypothesis');
  });
});

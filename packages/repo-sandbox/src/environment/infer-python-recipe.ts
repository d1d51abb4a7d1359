import type { EnvironmentRecipe, RecipeDependency, RecipeFieldSource, TestFramework } from '@swespot/core';
import { parse as parseToml, TomlError } from 'smol-toml';
import { EnvironmentInferenceError } from './environment-inference-error';
import { parseIni, type IniSection } from './parse-ini';
import { normaliseDistributionName, parseRequirement } from './parse-requirement';
import { pytestPluginsForConfiguration } from './pytest-plugins';
import type { RecipeContext } from './recipe-context';

/** Where the repository lives in every environment image. */
export const ENVIRONMENT_WORKDIR = '/testbed';

/** Tools a test extra lists that no test needs (linters, docs, release, task runners); never installed. */
const DEVELOPMENT_TOOLS = new Set(
  [
    'tox', 'nox', 'pre-commit', 'black', 'flake8', 'isort', 'pylint', 'ruff', 'mypy', 'twine', 'build', 'bump2version',
    'bumpversion', 'pip-tools', 'codecov', 'check-manifest', 'sphinx', 'sphinx-rtd-theme', 'sphinx-autobuild', 'furo',
    'myst-parser', 'pallets-sphinx-themes', 'sphinx-issues', 'sphinx-tabs', 'sphinxcontrib-log-cabinet', 'pyupgrade',
    'autopep8', 'yapf', 'pydocstyle', 'flake8-bugbear', 'flake8-docstrings', 'flake8-import-order', 'bandit', 'safety',
    'ipython', 'ipdb', 'pdbpp', 'wheel', 'setuptools', 'pip', 'towncrier', 'docutils', 'coveralls', 'jinja2-cli', 'types-setuptools',
  ].map(normaliseDistributionName),
);

type Toml = Record<string, unknown>;

function table(value: unknown): Toml | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Toml) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A Poetry dependency table entry (`name = "^1.2"` or `{ version = "^1.2", optional = true }`) as a PEP 508 specifier. */
function poetrySpecifier(value: unknown): string {
  const version = typeof value === 'string' ? value : typeof table(value)?.version === 'string' ? (table(value)!.version as string) : '';
  if (!version || version === '*') return '';
  const caret = /^\^(\d+)(?:\.(\d+))?/.exec(version);
  if (caret) return `>=${version.slice(1)}`;
  const tilde = /^~(\d[\d.]*)$/.exec(version);
  if (tilde) return `>=${tilde[1]}`;
  return /^[<>=!~]/.test(version) ? version.replace(/\s+/g, '') : `==${version}`;
}

/** Splits `setup.cfg`-style multi-line requirement lists (one per line, `;`-markers allowed). */
function requirementLines(text: string | undefined): string[] {
  return (text ?? '').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/** String literals of a Python list assigned to `keyword` (e.g. `install_requires=[...]`) in setup.py, best effort. */
function setupPyList(text: string, keyword: string): string[] | undefined {
  const match = new RegExp(`\\b${keyword}\\s*=\\s*\\[([^\\]]*)\\]`, 's').exec(text);
  if (!match) return undefined;
  return [...match[1]!.matchAll(/(["'])((?:(?!\1).)*)\1/g)].map((literal) => literal[2]!);
}

class DependencyList {
  readonly items: RecipeDependency[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly projectName: string | undefined) {}

  add(requirement: string, group: RecipeDependency['group'], source: RecipeFieldSource): void {
    const parsed = parseRequirement(requirement);
    if (!parsed) return;
    const key = normaliseDistributionName(parsed.name);
    if (this.projectName && key === normaliseDistributionName(this.projectName)) return;
    if (group !== 'runtime' && group !== 'build' && DEVELOPMENT_TOOLS.has(key)) return;
    // One entry per distribution and marker: `dill>=0.2; python_version<'3.11'` and
    // `dill>=0.3.6; python_version>='3.11'` are alternatives for different Pythons (pylint 3.0),
    // and keeping only the first would leave dill out on the Python that runs the tests.
    const seenKey = `${key}\u0000${parsed.marker ?? ''}`;
    if (this.seen.has(seenKey)) return;
    this.seen.add(seenKey);
    this.items.push({ name: parsed.name, specifier: parsed.specifier, ...(parsed.marker ? { marker: parsed.marker } : {}), group, source });
  }
}

const TEST_EXTRAS = ['test', 'tests', 'testing', 'test-dependencies', 'tests-dependencies'];

/** The pytest settings found, from the first file that has them (pytest's own order). */
interface PytestConfiguration {
  readonly file: string;
  readonly key: string;
  readonly addopts: string;
  readonly testpaths: string[];
  readonly keys: ReadonlySet<string>;
}

function iniPytest(section: IniSection | undefined, file: string, key: string): PytestConfiguration | undefined {
  if (!section) return undefined;
  return {
    file,
    key,
    addopts: (section.values.get('addopts') ?? '').replace(/\n/g, ' '),
    testpaths: (section.values.get('testpaths') ?? '').split(/\s+/).filter(Boolean),
    keys: new Set(section.values.keys()),
  };
}

/**
 * Infers a Python recipe: dependencies from `pyproject.toml` (PEP 621, Poetry, Hatch, flit,
 * setuptools), `setup.cfg`, `setup.py`, `requirements*.txt` and `tox.ini`; the test runner
 * (pytest, unittest, Django's `tests/runtests.py`, SymPy's `bin/test`) and its command; the
 * pytest plugins the configuration names; an editable install of the project.
 */
export async function inferPythonRecipe(context: RecipeContext): Promise<EnvironmentRecipe | undefined> {
  const pyprojectText = await context.readText('pyproject.toml');
  const setupPy = await context.readText('setup.py');
  const setupCfgText = await context.readText('setup.cfg');
  const rootNames = await context.list('.');
  const requirementFiles = [
    ...rootNames.filter((name) => /requirements.*\.(txt|in)$/i.test(name) && name.endsWith('.txt')),
    ...(await context.list('requirements')).filter((name) => name.endsWith('.txt')).map((name) => `requirements/${name}`),
  ];
  const hasPythonFiles = rootNames.some((name) => name.endsWith('.py'));
  if (pyprojectText === undefined && setupPy === undefined && setupCfgText === undefined && requirementFiles.length === 0 && !hasPythonFiles) {
    return undefined;
  }

  let pyproject: Toml = {};
  if (pyprojectText !== undefined) {
    try {
      pyproject = parseToml(pyprojectText) as Toml;
    } catch (error) {
      const line = error instanceof TomlError ? error.line : undefined;
      throw new EnvironmentInferenceError({
        message: `pyproject.toml${line ? `:${line}` : ''}: does not parse as TOML (${(error as Error).message.split('\n')[0]}); fix the file or give the recipe in swespot.env.json.`,
        file: 'pyproject.toml',
        line,
        cause: error,
      });
    }
  }
  const setupCfg = parseIni(setupCfgText ?? '');
  const project = table(pyproject.project);
  const poetry = table(table(pyproject.tool)?.poetry);
  const metadata = setupCfg.get('metadata');
  const projectName =
    (typeof project?.name === 'string' ? project.name : undefined) ??
    (typeof poetry?.name === 'string' ? poetry.name : undefined) ??
    metadata?.values.get('name') ??
    (setupPy ? /\bname\s*=\s*["']([^"']+)["']/.exec(setupPy)?.[1] : undefined);
  const dependencies = new DependencyList(projectName);

  // Build backend.
  const buildSystem = table(pyproject['build-system']);
  for (const requirement of strings(buildSystem?.requires)) dependencies.add(requirement, 'build', { file: 'pyproject.toml', key: 'build-system.requires' });
  if (!buildSystem && (setupPy !== undefined || setupCfgText !== undefined)) dependencies.add('setuptools', 'build', { file: setupPy !== undefined ? 'setup.py' : 'setup.cfg' });

  // Runtime dependencies.
  let languageVersion: string | null = null;
  if (project) {
    for (const requirement of strings(project.dependencies)) dependencies.add(requirement, 'runtime', { file: 'pyproject.toml', key: 'project.dependencies' });
    if (typeof project['requires-python'] === 'string') {
      languageVersion = project['requires-python'];
      context.from('languageVersion', 'pyproject.toml', 'project.requires-python');
    }
  }
  if (poetry) {
    const poetryDependencies = table(poetry.dependencies) ?? {};
    for (const [name, value] of Object.entries(poetryDependencies)) {
      if (name === 'python') {
        languageVersion ??= poetrySpecifier(value) || null;
        if (languageVersion) context.from('languageVersion', 'pyproject.toml', 'tool.poetry.dependencies.python');
        continue;
      }
      if (table(value)?.optional === true) continue;
      dependencies.add(`${name}${poetrySpecifier(value)}`, 'runtime', { file: 'pyproject.toml', key: 'tool.poetry.dependencies' });
    }
  }
  const options = setupCfg.get('options');
  for (const requirement of requirementLines(options?.values.get('install_requires'))) {
    dependencies.add(requirement, 'runtime', { file: 'setup.cfg', key: '[options] install_requires' });
  }
  if (!languageVersion && options?.values.get('python_requires')) {
    languageVersion = options.values.get('python_requires')!;
    context.from('languageVersion', 'setup.cfg', '[options] python_requires');
  }
  if (setupPy) {
    for (const requirement of setupPyList(setupPy, 'install_requires') ?? []) dependencies.add(requirement, 'runtime', { file: 'setup.py', key: 'install_requires' });
    const pythonRequires = /\bpython_requires\s*=\s*["']([^"']+)["']/.exec(setupPy)?.[1];
    if (!languageVersion && pythonRequires) {
      languageVersion = pythonRequires;
      context.from('languageVersion', 'setup.py', 'python_requires');
    }
  }

  // Test dependencies: extras, Poetry groups, Hatch environments, setup.py, requirements files, tox.
  const optional = table(project?.['optional-dependencies']) ?? {};
  const testExtras = Object.keys(optional).filter((extra) => TEST_EXTRAS.includes(extra.toLowerCase()));
  for (const extra of testExtras.length > 0 ? testExtras : Object.keys(optional).filter((extra) => extra.toLowerCase() === 'dev')) {
    for (const requirement of strings(optional[extra])) dependencies.add(requirement, 'test', { file: 'pyproject.toml', key: `project.optional-dependencies.${extra}` });
  }
  const extrasRequire = setupCfg.get('options.extras_require');
  for (const extra of [...(extrasRequire?.values.keys() ?? [])].filter((name) => TEST_EXTRAS.includes(name))) {
    for (const requirement of requirementLines(extrasRequire!.values.get(extra))) {
      dependencies.add(requirement, 'test', { file: 'setup.cfg', key: `[options.extras_require] ${extra}` });
    }
  }
  if (poetry) {
    const groups = table(poetry.group) ?? {};
    const testGroups: [string, Toml][] = [
      ...Object.entries(groups).filter(([name]) => ['test', 'tests', 'testing', 'dev'].includes(name)).map(([name, group]): [string, Toml] => [`tool.poetry.group.${name}.dependencies`, table(table(group)?.dependencies) ?? {}]),
      ['tool.poetry.dev-dependencies', table(poetry['dev-dependencies']) ?? {}],
    ];
    for (const [key, entries] of testGroups) {
      for (const [name, value] of Object.entries(entries)) dependencies.add(`${name}${poetrySpecifier(value)}`, 'test', { file: 'pyproject.toml', key });
    }
  }
  const hatchEnvironments = table(table(table(pyproject.tool)?.hatch)?.envs) ?? {};
  for (const name of ['test', 'tests', 'default']) {
    for (const requirement of strings(table(hatchEnvironments[name])?.dependencies)) {
      dependencies.add(requirement, 'test', { file: 'pyproject.toml', key: `tool.hatch.envs.${name}.dependencies` });
    }
  }
  if (setupPy) {
    for (const requirement of setupPyList(setupPy, 'tests_require') ?? []) dependencies.add(requirement, 'test', { file: 'setup.py', key: 'tests_require' });
    const testExtra = /["'](tests?|testing)["']\s*:\s*\[([^\]]*)\]/s.exec(setupPy);
    for (const literal of testExtra ? [...testExtra[2]!.matchAll(/(["'])((?:(?!\1).)*)\1/g)] : []) {
      dependencies.add(literal[2]!, 'test', { file: 'setup.py', key: `extras_require.${testExtra![1]}` });
    }
  }
  const irrelevant = (path: string) => /docs?|lint|typing|mypy|style|build|release|publish/.test(path.toLowerCase().replace(/^requirements\//, ''));
  const readRequirementsFile = async (path: string, group: RecipeDependency['group'], depth = 0): Promise<void> => {
    if (irrelevant(path)) return;
    const text = await context.readText(path);
    if (text === undefined || depth > 3) return;
    for (const line of text.split('\n')) {
      const include = /^\s*-r\s+(\S+)/.exec(line);
      if (include) {
        const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
        await readRequirementsFile(`${folder}${include[1]}`, group, depth + 1);
        continue;
      }
      dependencies.add(line, group, { file: path });
    }
  };
  const hasTestRequirements = requirementFiles.some((path) => /test/i.test(path));
  for (const path of requirementFiles) {
    // A dev file (linters, release tools, everything) only when there is no test file.
    if (hasTestRequirements && /dev/i.test(path) && !/test/i.test(path)) continue;
    await readRequirementsFile(path, /test|dev|ci/.test(path.toLowerCase()) ? 'test' : 'runtime');
  }
  const toxText = await context.readText('tox.ini');
  const tox = parseIni(toxText ?? '');
  const testenv = tox.get('testenv');
  for (const line of requirementLines(testenv?.values.get('deps'))) {
    const include = /^-r\s*(\S+)/.exec(line);
    if (include) await readRequirementsFile(include[1]!.replace(/^\{toxinidir\}\//, ''), 'test');
    else dependencies.add(line, 'test', { file: 'tox.ini', key: '[testenv] deps' });
  }
  const noxText = await context.readText('noxfile.py');
  for (const call of noxText ? noxText.matchAll(/session\.install\(([^)]*)\)/g) : []) {
    for (const literal of call[1]!.matchAll(/(["'])((?:(?!\1).)*)\1/g)) {
      if (!literal[2]!.startsWith('-') && literal[2] !== '.') dependencies.add(literal[2]!, 'test', { file: 'noxfile.py', key: 'session.install' });
    }
  }

  // The test runner.
  const pytestIni = parseIni((await context.readText('pytest.ini')) ?? '');
  const pyprojectPytest = table(table(table(pyproject.tool)?.pytest)?.ini_options);
  const pytestConfiguration: PytestConfiguration | undefined =
    iniPytest(pytestIni.get('pytest'), 'pytest.ini', '[pytest]') ??
    (pyprojectPytest
      ? {
          file: 'pyproject.toml',
          key: 'tool.pytest.ini_options',
          addopts: Array.isArray(pyprojectPytest.addopts) ? strings(pyprojectPytest.addopts).join(' ') : String(pyprojectPytest.addopts ?? ''),
          testpaths: Array.isArray(pyprojectPytest.testpaths) ? strings(pyprojectPytest.testpaths) : typeof pyprojectPytest.testpaths === 'string' ? [pyprojectPytest.testpaths] : [],
          keys: new Set(Object.keys(pyprojectPytest)),
        }
      : undefined) ??
    iniPytest(tox.get('pytest'), 'tox.ini', '[pytest]') ??
    iniPytest(setupCfg.get('tool:pytest'), 'setup.cfg', '[tool:pytest]');
  const conftest = await context.readText('conftest.py');
  const testFolder = ['tests', 'test', 'testing'].find((name) => rootNames.includes(name));
  const testConftest = testFolder ? await context.readText(`${testFolder}/conftest.py`) : undefined;
  const toxCommands = testenv?.values.get('commands') ?? '';
  // Test files written for pytest (module-level test functions, `import pytest`) say pytest even when nothing declares it.
  let pytestStyleFile: string | undefined;
  if (testFolder) {
    for (const name of (await context.list(testFolder)).filter((entry) => /^test.*\.py$|_test\.py$/.test(entry)).slice(0, 30)) {
      const text = (await context.peek(`${testFolder}/${name}`)) ?? '';
      if (/^import pytest|^from pytest|^def test_|^async def test_/m.test(text)) {
        pytestStyleFile = `${testFolder}/${name}`;
        break;
      }
    }
  }
  const mentionsPytest =
    pytestStyleFile !== undefined ||
    pytestConfiguration !== undefined ||
    conftest !== undefined ||
    testConftest !== undefined ||
    /\bpytest\b|py\.test/.test(toxCommands) ||
    /\bpytest\b/.test(noxText ?? '') ||
    dependencies.items.some((dependency) => normaliseDistributionName(dependency.name) === 'pytest');

  let framework: TestFramework;
  let command: string;
  let suite: string[] = [];
  let timeoutSeconds = 1800;
  const isSympy = (await context.readText('bin/test')) !== undefined && rootNames.includes('sympy');
  const isDjango = (await context.readText('tests/runtests.py')) !== undefined && rootNames.includes('django');
  if (isSympy) {
    framework = 'sympy';
    command = 'python3 bin/test -C --verbose {tests}';
    timeoutSeconds = 7200;
    context.from('test.framework', 'bin/test');
  } else if (isDjango) {
    framework = 'django';
    command = 'python3 tests/runtests.py --verbosity 2 --parallel 1 {tests}';
    timeoutSeconds = 7200;
    context.from('test.framework', 'tests/runtests.py');
  } else if (mentionsPytest) {
    framework = 'pytest';
    command = 'python3 -m pytest -rA --tb=short --color=no {tests}';
    if (pytestConfiguration) context.from('test.framework', pytestConfiguration.file, pytestConfiguration.key);
    else if (testConftest !== undefined || conftest !== undefined) context.from('test.framework', testConftest !== undefined ? `${testFolder}/conftest.py` : 'conftest.py');
    else if (/\bpytest\b/.test(toxCommands)) context.from('test.framework', 'tox.ini', '[testenv] commands');
    else if (pytestStyleFile && !dependencies.items.some((dependency) => normaliseDistributionName(dependency.name) === 'pytest')) context.from('test.framework', pytestStyleFile, 'test functions written for pytest');
    else {
      const declared = dependencies.items.find((dependency) => normaliseDistributionName(dependency.name) === 'pytest');
      context.origins['test.framework'] = declared?.source ?? { file: '(default)' };
    }
    if (!pytestConfiguration?.testpaths.length && testFolder) {
      suite = [testFolder];
      context.from('test.suite', testFolder, 'folder');
    } else if (pytestConfiguration?.testpaths.length) {
      context.from('test.suite', pytestConfiguration.file, `${pytestConfiguration.key} testpaths`);
    }
    dependencies.add('pytest', 'test', context.origins['test.framework']!);
    for (const plugin of pytestPluginsForConfiguration({
      addopts: pytestConfiguration?.addopts ?? '',
      keys: pytestConfiguration?.keys ?? new Set(),
      conftest: `${conftest ?? ''}\n${testConftest ?? ''}`,
    })) {
      dependencies.add(plugin.distribution, 'plugin', pytestConfiguration && plugin.fromConfiguration ? { file: pytestConfiguration.file, key: `${pytestConfiguration.key} ${plugin.evidence}` } : { file: testConftest !== undefined ? `${testFolder}/conftest.py` : 'conftest.py', key: plugin.evidence });
    }
  } else {
    framework = 'unittest';
    command = 'python3 -m unittest -v {tests}';
    context.from('test.framework', testFolder ?? '(default)', 'no pytest configuration or dependency');
    if (testFolder) {
      const names = await context.list(testFolder);
      if (!names.includes('__init__.py')) {
        suite = names.filter((name) => /^test.*\.py$/.test(name)).map((name) => `${testFolder}/${name}`);
        context.from('test.suite', testFolder, 'test*.py (no __init__.py, so discovery would miss them)');
      }
    }
  }
  context.origins['test.command'] ??= context.origins['test.framework']!;

  // Installing the project itself.
  const installable = buildSystem !== undefined || setupPy !== undefined || setupCfgText !== undefined;
  const srcLayout = rootNames.includes('src') && (await context.list('src')).some((name) => !name.endsWith('.egg-info'));
  const version =
    (typeof project?.version === 'string' ? project.version : undefined) ??
    (typeof poetry?.version === 'string' ? poetry.version : undefined) ??
    (metadata?.values.get('version') && /^\d/.test(metadata.values.get('version')!) ? metadata.values.get('version') : undefined) ??
    (setupPy ? /\bversion\s*=\s*["'](\d[^"']*)["']/.exec(setupPy)?.[1] : undefined) ??
    '0.0.0';
  const projectInstall = installable
    ? [`SETUPTOOLS_SCM_PRETEND_VERSION=${version} python3 -m pip install --break-system-packages --no-deps --no-build-isolation --no-index -e .`]
    : [];
  if (installable) context.from('projectInstall', buildSystem ? 'pyproject.toml' : setupPy !== undefined ? 'setup.py' : 'setup.cfg', buildSystem ? 'build-system' : undefined);
  if (languageVersion && /<\s*3\.(\d+)/.test(languageVersion) && Number(/<\s*3\.(\d+)/.exec(languageVersion)![1]) <= 11) {
    context.notes.push(`The project asks for Python ${languageVersion}; the base image's Python is Debian's (3.11 on bookworm).`);
  }
  if (!context.origins['test.suite']) context.from('test.suite', '(default)');

  return {
    schemaVersion: 1,
    language: 'python',
    languageVersion,
    base: 'python',
    systemPackages: ['python3-pip', 'python3-setuptools', 'python3-wheel'],
    packageManager: 'pip',
    dependencies: dependencies.items,
    dependencyFiles: [],
    dependencyCommands: [],
    projectInstall,
    fallbackEnv: { PYTHONPATH: srcLayout ? `${ENVIRONMENT_WORKDIR}/src` : ENVIRONMENT_WORKDIR },
    test: { framework, command, suite, env: {}, timeoutSeconds },
    sources: [],
    origins: {},
    notes: [],
  };
}

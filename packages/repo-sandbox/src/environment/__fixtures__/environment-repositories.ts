import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes files (path → content) under a new temporary folder and returns it. */
export async function writeRepository(files: Readonly<Record<string, string>>, prefix = 'swespot-env-repo-'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/**
 * A setuptools package (src layout, setup.cfg, pytest configured in setup.cfg) whose tests
 * read the package's own metadata, so they pass only when the project is installed.
 * Known counts: 5 passed, 1 failed, 1 skipped, 1 xfailed; one parametrized id holds a space.
 */
export const SETUPTOOLS_PYTEST: Readonly<Record<string, string>> = {
  'setup.cfg': [
    '[metadata]',
    'name = tinycalc',
    'version = 1.2.0',
    '',
    '[options]',
    'package_dir =',
    '    = src',
    'packages = find:',
    'python_requires = >=3.7',
    'install_requires =',
    '    importlib-metadata; python_version < "3.8"',
    '',
    '[options.packages.find]',
    'where = src',
    '',
    '[tool:pytest]',
    'testpaths = tests',
    '',
  ].join('\n'),
  'setup.py': 'from setuptools import setup\n\nsetup()\n',
  'pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n',
  'src/tinycalc/__init__.py': 'def add(a, b):\n    return a + b\n\n\ndef shout(text):\n    return text.upper() + "!"\n',
  'tests/test_calc.py': [
    'from importlib.metadata import version',
    '',
    'import pytest',
    '',
    'import tinycalc',
    '',
    '',
    'def test_metadata():',
    '    assert version("tinycalc") == "1.2.0"',
    '',
    '',
    '@pytest.mark.parametrize("a, b, total", [(1, 2, 3), (2, 2, 4)], ids=["one two", "two"])',
    'def test_add(a, b, total):',
    '    assert tinycalc.add(a, b) == total',
    '',
    '',
    'def test_shout():',
    '    assert tinycalc.shout("hi") == "HI!"',
    '',
    '',
    'def test_known_bug():',
    '    assert tinycalc.add(0.1, 0.2) == 0.3',
    '',
    '',
    '@pytest.mark.skip(reason="not today")',
    'def test_skipped():',
    '    pass',
    '',
    '',
    '@pytest.mark.xfail(reason="known")',
    'def test_expected_failure():',
    '    assert False',
    '',
    '',
    'class TestClass:',
    '    def test_method(self):',
    '        assert tinycalc.add(1, 1) == 2',
    '',
  ].join('\n'),
};

/**
 * A Poetry-style package (`[tool.poetry]`, poetry-core backend, a dev group with pytest,
 * pytest options in pyproject.toml). Known counts: 3 passed.
 */
export const POETRY_PYTEST: Readonly<Record<string, string>> = {
  'pyproject.toml': [
    '[tool.poetry]',
    'name = "poetic"',
    'version = "0.3.1"',
    'description = "A poem"',
    'authors = ["Ada <ada@example.com>"]',
    '',
    '[tool.poetry.dependencies]',
    'python = "^3.8"',
    '',
    '[tool.poetry.group.dev.dependencies]',
    'pytest = "^7.0"',
    '',
    '[tool.pytest.ini_options]',
    'addopts = "-ra"',
    'testpaths = ["tests"]',
    '',
    '[build-system]',
    'requires = ["poetry-core>=1.0.0"]',
    'build-backend = "poetry.core.masonry.api"',
    '',
  ].join('\n'),
  'poetic/__init__.py': 'def verse(n):\n    return " ".join(["la"] * n)\n',
  'tests/test_poem.py': [
    'from importlib.metadata import version',
    '',
    'from poetic import verse',
    '',
    '',
    'def test_version():',
    '    assert version("poetic") == "0.3.1"',
    '',
    '',
    'def test_verse():',
    '    assert verse(2) == "la la"',
    '',
    '',
    'def test_empty():',
    '    assert verse(0) == ""',
    '',
  ].join('\n'),
};

/** A package tested with unittest only (no pytest anywhere). Known counts: 3 passed, 1 failed, 1 skipped. */
export const SETUPTOOLS_UNITTEST: Readonly<Record<string, string>> = {
  'setup.py': 'from setuptools import setup\n\nsetup(name="plainunit", version="0.1", py_modules=["plainunit"])\n',
  'plainunit.py': 'def double(x):\n    return 2 * x\n',
  'tests/__init__.py': '',
  'tests/test_double.py': [
    'import unittest',
    '',
    'from plainunit import double',
    '',
    '',
    'class DoubleTest(unittest.TestCase):',
    '    def test_two(self):',
    '        self.assertEqual(double(1), 2)',
    '',
    '    def test_zero(self):',
    '        self.assertEqual(double(0), 0)',
    '',
    '    def test_negative(self):',
    '        self.assertEqual(double(-2), -4)',
    '',
    '    def test_wrong(self):',
    '        self.assertEqual(double(2), 5)',
    '',
    '    @unittest.skip("later")',
    '    def test_later(self):',
    '        pass',
    '',
  ].join('\n'),
};

/** A TypeScript package tested with Vitest (npm, no lockfile). Known counts: 3 passed, 1 failed. */
export const TYPESCRIPT_VITEST: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify(
    { name: 'ts-vitest-fixture', version: '1.0.0', private: true, type: 'module', scripts: { test: 'vitest run' }, devDependencies: { vitest: '3.2.4', typescript: '5.9.3' } },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true } }, null, 2),
  'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/math.test.ts': [
    "import { describe, expect, it } from 'vitest';",
    "import { add } from './math';",
    '',
    "describe('add', () => {",
    "  it('adds', () => expect(add(1, 2)).toBe(3));",
    "  it('adds zero', () => expect(add(0, 0)).toBe(0));",
    "  it('adds negatives', () => expect(add(-1, -1)).toBe(-2));",
    "  it('is wrong on purpose', () => expect(add(1, 1)).toBe(3));",
    '});',
    '',
  ].join('\n'),
};

/** A JavaScript package tested with Jest (npm). Known counts: 2 passed, 1 failed, 1 skipped. */
export const JAVASCRIPT_JEST: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify(
    { name: 'js-jest-fixture', version: '1.0.0', private: true, scripts: { test: 'jest' }, devDependencies: { jest: '29.7.0' } },
    null,
    2,
  ),
  'lib/strings.js': 'exports.shout = (text) => text.toUpperCase();\n',
  '__tests__/strings.test.js': [
    "const { shout } = require('../lib/strings');",
    '',
    "describe('shout', () => {",
    "  test('upper-cases', () => expect(shout('a')).toBe('A'));",
    "  test('keeps digits', () => expect(shout('1')).toBe('1'));",
    "  test('fails on purpose', () => expect(shout('a')).toBe('a'));",
    "  test.skip('later', () => {});",
    '});',
    '',
  ].join('\n'),
};

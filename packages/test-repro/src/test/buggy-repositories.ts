import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bugfixTaskSchema, type BugfixTask } from '@swespot/core';

/** Writes files into a new folder, commits them with git, and returns the folder and the commit. */
export async function writeGitRepository(files: Readonly<Record<string, string>>, prefix: string): Promise<{ root: string; commit: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z' } });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=swespot', '-c', 'user.email=swespot@example.com', 'add', '-A');
  git('-c', 'user.name=swespot', '-c', 'user.email=swespot@example.com', 'commit', '-q', '-m', 'snapshot');
  return { root, commit: git('rev-parse', 'HEAD').trim() };
}

/**
 * textkit, a Python package tested with pytest, at its fixed state (the snapshot a PR
 * mirror starts from): `slugify` and `initials` split on any run of spaces. The mirrored
 * bug (`TEXTKIT_BUG_PATCH`) makes them split on single spaces, which the two tests of
 * `TestSpaces` catch: `slugify("Hello  World")` gives `hello--world`, `initials("ada  lovelace")`
 * raises IndexError. The other two tests pass either way.
 */
export const TEXTKIT_FIXED: Readonly<Record<string, string>> = {
  'pyproject.toml': [
    '[project]',
    'name = "textkit"',
    'version = "1.0.0"',
    '',
    '[build-system]',
    'requires = ["setuptools>=61"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[tool.pytest.ini_options]',
    'testpaths = ["tests"]',
    '',
  ].join('\n'),
  'textkit/__init__.py': [
    '"""Small text helpers."""',
    '',
    '',
    'def slugify(text):',
    '    """Lower-case words joined by dashes; a run of spaces counts as one."""',
    '    words = text.lower().split()',
    '    return "-".join(words)',
    '',
    '',
    'def initials(name):',
    '    """The first letter of each word, upper-cased."""',
    '    return "".join(part[0].upper() for part in name.split())',
    '',
    '',
    'def shout(text):',
    '    return text.upper() + "!"',
    '',
  ].join('\n'),
  'tests/test_textkit.py': [
    'import textkit',
    '',
    '',
    'def test_slugify_simple():',
    '    assert textkit.slugify("Hello World") == "hello-world"',
    '',
    '',
    'def test_shout():',
    '    assert textkit.shout("hi") == "HI!"',
    '',
    '',
    'class TestSpaces:',
    '    def test_slugify_double_space(self):',
    '        assert textkit.slugify("Hello  World") == "hello-world"',
    '',
    '    def test_initials_double_space(self):',
    '        assert textkit.initials("ada  lovelace") == "AL"',
    '',
  ].join('\n'),
};

/** Puts textkit's bug into the fixed snapshot (what a PR mirror writes as `bugPatch`). */
export const TEXTKIT_BUG_PATCH = [
  'diff --git a/textkit/__init__.py b/textkit/__init__.py',
  '--- a/textkit/__init__.py',
  '+++ b/textkit/__init__.py',
  '@@ -3,13 +3,13 @@',
  ' ',
  ' def slugify(text):',
  '     """Lower-case words joined by dashes; a run of spaces counts as one."""',
  '-    words = text.lower().split()',
  '+    words = text.lower().split(" ")',
  '     return "-".join(words)',
  ' ',
  ' ',
  ' def initials(name):',
  '     """The first letter of each word, upper-cased."""',
  '-    return "".join(part[0].upper() for part in name.split())',
  '+    return "".join(part[0].upper() for part in name.split(" "))',
  ' ',
  ' ',
  ' def shout(text):',
  '',
].join('\n');

/** Fixes textkit's bug: `TEXTKIT_BUG_PATCH` undone (the gold patch). */
export const TEXTKIT_GOLD_PATCH = [
  'diff --git a/textkit/__init__.py b/textkit/__init__.py',
  '--- a/textkit/__init__.py',
  '+++ b/textkit/__init__.py',
  '@@ -3,13 +3,13 @@',
  ' ',
  ' def slugify(text):',
  '     """Lower-case words joined by dashes; a run of spaces counts as one."""',
  '-    words = text.lower().split(" ")',
  '+    words = text.lower().split()',
  '     return "-".join(words)',
  ' ',
  ' ',
  ' def initials(name):',
  '     """The first letter of each word, upper-cased."""',
  '-    return "".join(part[0].upper() for part in name.split(" "))',
  '+    return "".join(part[0].upper() for part in name.split())',
  ' ',
  ' ',
  ' def shout(text):',
  '',
].join('\n');

/** The textkit tests that fail with the bug and pass without it (pytest ids). */
export const TEXTKIT_FAIL_TO_PASS = ['tests/test_textkit.py::TestSpaces::test_slugify_double_space', 'tests/test_textkit.py::TestSpaces::test_initials_double_space'];

/** The textkit tests that pass either way. */
export const TEXTKIT_PASS_TO_PASS = ['tests/test_textkit.py::test_slugify_simple', 'tests/test_textkit.py::test_shout'];

/**
 * tally, a JavaScript package tested with `node --test`, at its buggy state (the base
 * commit of a historical bug, as in SWE-bench): `total` skips the first value.
 */
export const TALLY_BUGGY: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify({ name: 'tally', version: '1.0.0', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/tally.js': [
    "'use strict';",
    '',
    'function total(values) {',
    '  let sum = 0;',
    '  for (let index = 1; index < values.length; index++) {',
    '    sum += values[index];',
    '  }',
    '  return sum;',
    '}',
    '',
    'function average(values) {',
    '  if (values.length === 0) return 0;',
    '  return total(values) / values.length;',
    '}',
    '',
    'module.exports = { total, average };',
    '',
  ].join('\n'),
  'test/tally.test.js': [
    "'use strict';",
    "const { describe, it } = require('node:test');",
    "const assert = require('node:assert');",
    "const { average } = require('../src/tally');",
    '',
    "describe('average', () => {",
    "  it('is zero for no values', () => {",
    '    assert.equal(average([]), 0);',
    '  });',
    '});',
    '',
  ].join('\n'),
};

/** Fixes tally: `total` starts at the first value. */
export const TALLY_GOLD_PATCH = [
  'diff --git a/src/tally.js b/src/tally.js',
  '--- a/src/tally.js',
  '+++ b/src/tally.js',
  '@@ -2,7 +2,7 @@',
  ' ',
  ' function total(values) {',
  '   let sum = 0;',
  '-  for (let index = 1; index < values.length; index++) {',
  '+  for (let index = 0; index < values.length; index++) {',
  '     sum += values[index];',
  '   }',
  '   return sum;',
  '',
].join('\n');

/** A diff adding `lines` after the `average` suite of tally's test file. */
export function appendToTallyTests(lines: readonly string[]): string {
  return [
    'diff --git a/test/tally.test.js b/test/tally.test.js',
    '--- a/test/tally.test.js',
    '+++ b/test/tally.test.js',
    `@@ -8,3 +8,${3 + lines.length} @@ describe('average', () => {`,
    '     assert.equal(average([]), 0);',
    '   });',
    ' });',
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}

/** tally's gold test patch: a suite for `total` that fails while the first value is skipped. */
export const TALLY_GOLD_TEST_PATCH = appendToTallyTests([
  '',
  "describe('total', () => {",
  "  it('adds every value', () => {",
  "    const { total } = require('../src/tally');",
  '    assert.equal(total([1, 2, 3]), 6);',
  '  });',
  '});',
]);

/** A PR-mirror bugfix task on textkit, as pr-mirror writes one. */
export function textkitBugfix(commit = 'a'.repeat(40), run?: Pick<BugfixTask, 'environment' | 'testSpec'>): BugfixTask {
  return bugfixTaskSchema.parse({
    schemaVersion: 1,
    id: 'swespot__textkit.aaaaaaaa.pr_7',
    kind: 'bugfix',
    repo: 'swespot/textkit',
    snapshot: { commit, cutoff: '2024-06-30T00:00:00Z' },
    environment: run?.environment ?? { image: 'swespot/env:textkit', installCommands: [], workingDirectory: '/testbed' },
    testSpec: { ...(run?.testSpec ?? { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA {tests}', env: {}, timeoutSeconds: 600 }), selection: { mode: 'files', files: ['tests/test_textkit.py'] } },
    provenance: { source: 'pr-mirror', origin: 'https://github.com/swespot/textkit/pull/7', createdAt: '2024-07-01T00:00:00Z' },
    seed: 3,
    problemStatement: 'slugify("Hello  World") gives "hello--world": runs of spaces should count as one.',
    goldPatch: TEXTKIT_GOLD_PATCH,
    testPatch: '',
    failToPass: TEXTKIT_FAIL_TO_PASS,
    passToPass: TEXTKIT_PASS_TO_PASS,
    bugOrigin: { type: 'pr-mirror', prNumber: 7, direct: true },
    bugPatch: TEXTKIT_BUG_PATCH,
  });
}

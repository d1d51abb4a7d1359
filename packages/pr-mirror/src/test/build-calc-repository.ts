import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The knowledge cutoff of the calc repository: PR #7 lands after it. */
export const CALC_CUTOFF = '2022-12-31';

const PYPROJECT = ['[project]', 'name = "calc"', 'version = "1.0.0"', '', '[build-system]', 'requires = ["setuptools>=61"]', 'build-backend = "setuptools.build_meta"', '', '[tool.pytest.ini_options]', 'testpaths = ["tests"]', ''].join('\n');

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** calc/core.py at each step. */
const CORE_INITIAL = lines('"""Arithmetic."""', '', '', 'def add(a, b):', '    return a + b', '', '', 'def subtract(a, b):', '    return a - b', '', '', 'def divide(a, b):', '    return a / b');
const CORE_WITH_MULTIPLY = CORE_INITIAL.replace('def divide', 'def multiply(a, b):\n    return a * b\n\n\ndef divide');
const CORE_WITH_ZERO_CHECK = CORE_WITH_MULTIPLY.replace('    return a / b', '    if b == 0:\n        raise ValueError("division by zero")\n    return a / b');

const TEXT_INITIAL = lines('"""Text helpers."""', '', '', 'def slugify(text):', '    """Lower-case words joined by dashes."""', '    return text.lower().replace(" ", "-")', '', '', 'def shout(text):', '    return text.upper() + "!"');
const TEXT_STRIPPED = TEXT_INITIAL.replace('return text.lower()', 'return text.strip().lower()');
/** After PR #4 renamed the parameter: PR #3's change no longer reverse-applies (its lines changed since). */
export const CALC_TEXT_AT_CUTOFF = TEXT_STRIPPED.replace('def slugify(text):', 'def slugify(value):').replace('return text.strip()', 'return value.strip()');
/** calc/text.py with PR #3 undone by hand: what a model asked to undo it should answer. */
export const CALC_TEXT_UNFIXED = CALC_TEXT_AT_CUTOFF.replace('return value.strip().lower()', 'return value.lower()');

const TESTS_CORE_INITIAL = lines('from calc.core import add, divide, subtract', '', '', 'def test_add():', '    assert add(2, 3) == 5', '', '', 'def test_subtract():', '    assert subtract(5, 3) == 2', '', '', 'def test_divide():', '    assert divide(6, 3) == 2');
const TESTS_CORE_MULTIPLY = TESTS_CORE_INITIAL.replace('from calc.core import add, divide, subtract', 'from calc.core import add, divide, multiply, subtract') + lines('', '', 'def test_multiply():', '    assert multiply(4, 3) == 12');
const TESTS_CORE_ZERO = lines('import pytest', '', TESTS_CORE_MULTIPLY.trimEnd()) + lines('', '', 'def test_divide_by_zero_raises_value_error():', '    with pytest.raises(ValueError):', '        divide(1, 0)');
const TESTS_TEXT_INITIAL = lines('from calc import text', '', '', 'def test_slugify_simple():', '    assert text.slugify("Hello World") == "hello-world"', '', '', 'def test_shout():', '    assert text.shout("hi") == "HI!"');
const TESTS_TEXT_STRIP = TESTS_TEXT_INITIAL + lines('', '', 'def test_slugify_strips_surrounding_spaces():', '    assert text.slugify("  Hello World ") == "hello-world"');

/** One step of the history: a direct commit, a merged pull request (merge commit) or a squash-merged one. */
interface Step {
  readonly kind: 'commit' | 'merge' | 'squash';
  readonly date: string;
  readonly message: string;
  readonly branch?: string;
  readonly files: Readonly<Record<string, string | null>>;
}

const STEPS: readonly Step[] = [
  {
    kind: 'commit',
    date: '2022-01-01T10:00:00Z',
    message: 'Initial commit',
    files: { 'pyproject.toml': PYPROJECT, 'README.md': '# calc\n', 'calc/__init__.py': '"""calc."""\n', 'calc/core.py': CORE_INITIAL, 'calc/text.py': TEXT_INITIAL, 'tests/test_core.py': TESTS_CORE_INITIAL, 'tests/test_text.py': TESTS_TEXT_INITIAL },
  },
  { kind: 'merge', branch: 'dev/multiply', date: '2022-02-01T10:00:00Z', message: 'Merge pull request #1 from dev/multiply\n\nAdd multiply', files: { 'calc/core.py': CORE_WITH_MULTIPLY, 'tests/test_core.py': TESTS_CORE_MULTIPLY } },
  { kind: 'squash', date: '2022-03-01T10:00:00Z', message: 'Raise ValueError on division by zero (#2)\n\nFixes #10', files: { 'calc/core.py': CORE_WITH_ZERO_CHECK, 'tests/test_core.py': TESTS_CORE_ZERO } },
  { kind: 'merge', branch: 'dev/strip', date: '2022-04-01T10:00:00Z', message: 'Merge pull request #3 from dev/strip\n\nStrip surrounding spaces in slugify\n\nCloses #11', files: { 'calc/text.py': TEXT_STRIPPED, 'tests/test_text.py': TESTS_TEXT_STRIP } },
  { kind: 'merge', branch: 'dev/rename', date: '2022-05-01T10:00:00Z', message: 'Merge pull request #4 from dev/rename\n\nRename the slugify parameter', files: { 'calc/text.py': CALC_TEXT_AT_CUTOFF } },
  { kind: 'merge', branch: 'dev/docs', date: '2022-06-01T10:00:00Z', message: 'Merge pull request #5 from dev/docs\n\nDocument calc', files: { 'README.md': '# calc\n\nSmall arithmetic and text helpers.\n' } },
  { kind: 'squash', date: '2022-07-01T10:00:00Z', message: 'Group the tests (#6)', files: { 'tests/test_text.py': TESTS_TEXT_STRIP.replace('def test_shout', '# shouting\ndef test_shout') } },
  { kind: 'commit', date: '2022-08-01T10:00:00Z', message: 'Bump version', files: { 'pyproject.toml': PYPROJECT.replace('1.0.0', '1.1.0') } },
  { kind: 'squash', date: '2023-02-01T10:00:00Z', message: 'Add power (#7)', files: { 'calc/core.py': `${CORE_WITH_ZERO_CHECK}\n\ndef power(a, b):\n    return a ** b\n` } },
];

/**
 * Builds `calc`, a small Python package with a pytest suite, in a new temporary folder, with
 * a first-parent history of pull requests (merge commits and squash merges) that add and fix
 * behaviour. Before {@link CALC_CUTOFF}: #1 adds `multiply` (tested, no issue), #2 makes
 * `divide` raise on zero (tested, fixes #10), #3 strips spaces in `slugify` (tested, closes
 * #11; #4 then renames the parameter so #3 no longer reverse-applies), #4 renames only,
 * #5 touches docs only, #6 touches tests only; after it, #7.
 */
export async function buildCalcRepository(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'swespot-calc-'));
  const git = (date: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=calc', '-c', 'user.email=calc@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  const write = async (files: Readonly<Record<string, string | null>>) => {
    for (const [path, content] of Object.entries(files)) {
      if (content === null) await rm(join(root, path), { force: true });
      else {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    }
  };
  git(STEPS[0]!.date, 'init', '-q', '-b', 'main');
  for (const step of STEPS) {
    if (step.kind === 'merge') {
      git(step.date, 'checkout', '-q', '-b', step.branch!);
      await write(step.files);
      git(step.date, 'add', '-A');
      git(step.date, 'commit', '-q', '-m', step.message.split('\n\n')[1] ?? 'change');
      git(step.date, 'checkout', '-q', 'main');
      git(step.date, 'merge', '-q', '--no-ff', '-m', step.message, step.branch!);
    } else {
      await write(step.files);
      git(step.date, 'add', '-A');
      git(step.date, 'commit', '-q', '-m', step.message);
    }
  }
  return root;
}

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A small benchmark made for tests and examples: a git repository with two planted bugs and SWE-bench / TDD-Bench rows about them. */
export interface SampleBenchmark {
  /** The repository (a work tree), its history ending at the rows' base commit. */
  readonly repository: string;
  /** Its name in the rows. */
  readonly repo: string;
  readonly baseCommit: string;
  /** SWE-bench Verified rows: `sample__calc-1` (add subtracts) and `sample__calc-2` (mul adds). */
  readonly sbvFile: string;
  /** TDD-Bench rows (epoch-millisecond `created_at`, no test lists) for the same two bugs. */
  readonly tddFile: string;
  /** The sed command that fixes bug 1 (`add`), for scripted agents. */
  readonly fixAdd: string;
}

const FILES: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "calc"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'calc/__init__.py': '',
  'calc/ops.py': 'def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
  'tests/__init__.py': '',
  'tests/test_ops.py': 'from calc.ops import sub\n\n\ndef test_sub():\n    assert sub(3, 1) == 2\n',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 'sample', GIT_AUTHOR_EMAIL: 'sample@example.invalid', GIT_COMMITTER_NAME: 'sample', GIT_COMMITTER_EMAIL: 'sample@example.invalid', GIT_AUTHOR_DATE: '2020-06-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-06-01T00:00:00Z' } });
  return stdout;
}

/** The diff of an edit to the work tree, then the edit undone. */
async function diffOf(repository: string, edits: Record<string, (text: string) => string>): Promise<string> {
  for (const [file, edit] of Object.entries(edits)) await writeFile(join(repository, file), edit(await readFile(join(repository, file), 'utf8')));
  const diff = await git(repository, 'diff');
  await git(repository, 'checkout', '--', '.');
  return diff;
}

/**
 * Makes the sample benchmark in a temporary folder (or `into`): a Python package `calc`
 * whose `add` subtracts and whose `mul` adds, a pytest suite, and rows in the SWE-bench
 * Verified and TDD-Bench-Verified formats (created 2021, after a 2020-12-31 cutoff) with gold
 * patches, test patches and FAIL_TO_PASS / PASS_TO_PASS lists. Needs git.
 */
export async function createSampleBenchmark(into?: string): Promise<SampleBenchmark> {
  const root = into ?? (await mkdtemp(join(tmpdir(), 'swespot-eval-sample-')));
  const repository = join(root, 'calc');
  await mkdir(repository, { recursive: true });
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(repository, file)), { recursive: true });
    await writeFile(join(repository, file), text);
  }
  await git(repository, 'init', '-q', '--initial-branch=main');
  await git(repository, 'add', '-A');
  await git(repository, 'commit', '-q', '-m', 'calc: add, mul, sub');
  const baseCommit = (await git(repository, 'rev-parse', 'HEAD')).trim();
  const repo = 'sample/calc';
  const addTest = (text: string) => `${text}\n\ndef test_add():\n    assert add(2, 3) == 5\n`.replace('from calc.ops import sub', 'from calc.ops import add, sub');
  // A parameter with a space: SWE-bench lists such a test cut at the space (test_mul[2), as its log parser reads it.
  const mulTest = (text: string) =>
    `import pytest\n\n${text}\n\n@pytest.mark.parametrize("pair", ["2 3"])\ndef test_mul(pair):\n    a, b = map(int, pair.split())\n    assert mul(a, b) == 6\n`.replace('from calc.ops import sub', 'from calc.ops import mul, sub');
  const bugs = [
    {
      id: 'sample__calc-1',
      statement: 'add() returns the difference of its arguments: add(2, 3) gives -1 instead of 5.',
      patch: await diffOf(repository, { 'calc/ops.py': (text) => text.replace('    return a - b\n\n\ndef mul', '    return a + b\n\n\ndef mul') }),
      testPatch: await diffOf(repository, { 'tests/test_ops.py': addTest }),
      failToPass: ['tests/test_ops.py::test_add'],
      createdAt: '2021-03-01T10:00:00Z',
    },
    {
      id: 'sample__calc-2',
      statement: 'mul() adds instead of multiplying: mul(2, 3) gives 5 instead of 6.',
      patch: await diffOf(repository, { 'calc/ops.py': (text) => text.replace('    return a + b\n\n\ndef sub', '    return a * b\n\n\ndef sub') }),
      testPatch: await diffOf(repository, { 'tests/test_ops.py': mulTest }),
      failToPass: ['tests/test_ops.py::test_mul[2'],
      createdAt: '2021-04-01T10:00:00Z',
    },
  ];
  const common = (bug: (typeof bugs)[number]) => ({ repo, instance_id: bug.id, base_commit: baseCommit, patch: bug.patch, test_patch: bug.testPatch, problem_statement: bug.statement, hints_text: '', version: '0.1', environment_setup_commit: baseCommit });
  const sbvFile = join(root, 'sbv.jsonl');
  const tddFile = join(root, 'tdd.jsonl');
  await writeFile(sbvFile, bugs.map((bug) => JSON.stringify({ ...common(bug), created_at: bug.createdAt, FAIL_TO_PASS: JSON.stringify(bug.failToPass), PASS_TO_PASS: JSON.stringify(['tests/test_ops.py::test_sub']) })).join('\n') + '\n');
  await writeFile(tddFile, bugs.map((bug) => JSON.stringify({ ...common(bug), created_at: Date.parse(bug.createdAt) })).join('\n') + '\n');
  return { repository, repo, baseCommit, sbvFile, tddFile, fixAdd: "sed -i '0,/return a - b/s//return a + b/' calc/ops.py" };
}

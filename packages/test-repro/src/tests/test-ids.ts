import type { ReproductionRunStatus, TestFramework, TestReport, TestSelection, TestStatus } from '@swespot/core';
import type { LocatedTest } from './locate-tests';

/** A located test with its id in the runner's format. */
export interface RunnerTest extends LocatedTest {
  /** The id the runner's parser reports, e.g. `tests/test_a.py::TestX::test_y`, `test_y (mod.TestX)`. */
  readonly id: string;
}

/** The dotted Python module of a file, relative to `root` (`tests/a/b.py` → `a.b` with root `tests`). */
function moduleOf(file: string, root = ''): string {
  const relative = root !== '' && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  return relative.replace(/\.py$/, '').replace(/\/__init__$/, '').replaceAll('/', '.');
}

/** Django's `tests/runtests.py` takes labels relative to its `tests/` folder. */
function djangoRoot(file: string): string {
  return file.startsWith('tests/') ? 'tests' : '';
}

/**
 * The id a runner's parser (repo-sandbox's) reports for a test: pytest
 * `file::Class::test`; Django and unittest `test (module.Class)` (modules relative to
 * Django's `tests/` folder); SymPy the function name; Jest `file › describe › test`; Vitest
 * `file > describe > test`; Mocha the titles joined by spaces; `node --test` the names
 * joined by ` > `.
 */
export function runnerTestIdOf(test: LocatedTest, framework: TestFramework): string {
  const name = test.names.at(-1)!;
  const owners = test.names.slice(0, -1);
  switch (framework) {
    case 'django':
    case 'unittest': {
      const module = moduleOf(test.file, framework === 'django' ? djangoRoot(test.file) : '');
      return `${name} (${[module, ...owners].join('.')})`;
    }
    case 'sympy':
      return name;
    case 'jest':
      return [test.file, ...test.names].join(' › ');
    case 'vitest':
      return [test.file, ...test.names].join(' > ');
    case 'mocha':
      return test.names.join(' ');
    case 'node-test':
      return test.names.join(' > ');
    default:
      return [test.file, ...test.names].join('::');
  }
}

/** Whether a framework runs module-level test functions (unittest and Django run only methods of test classes). */
export function runsModuleFunctions(framework: TestFramework): boolean {
  return framework !== 'unittest' && framework !== 'django';
}

/**
 * Escapes a name for a JavaScript regular expression, writing `$` as `\x24`: repo-sandbox's
 * `renderTestCommand` fills `{tests}` with `String.replaceAll`, which reads `$'`, `$&` and
 * `$$` in the replacement as patterns.
 */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^{}()|[\]\\]/g, '\\$&').replaceAll('$', '\\x24');
}

/**
 * The selection that runs exactly these tests (as far as the runner can select): test ids
 * for pytest, Django and unittest; the files with a name filter for the others (SymPy
 * `-k`, Jest and Vitest `-t`, Mocha `--grep`, `node --test --test-name-pattern`), whose
 * filters match test names, so a same-named test elsewhere in those files may run too.
 */
export function selectionFor(tests: readonly RunnerTest[], framework: TestFramework): TestSelection {
  const unique = <T>(items: readonly T[]) => [...new Set(items)];
  const files = unique(tests.map((test) => test.file));
  const names = unique(tests.map((test) => test.names.at(-1)!));
  const pattern = names.map(escapeRegExp).join('|');
  switch (framework) {
    case 'pytest':
    case 'django':
    case 'unittest':
      return { mode: 'tests', testIds: unique(tests.map((test) => test.id)) };
    case 'sympy':
      return { mode: 'tests', testIds: [...files, '-k', ...names] };
    case 'jest':
    case 'vitest':
      return { mode: 'tests', testIds: [...files, '-t', pattern] };
    case 'mocha':
      return { mode: 'tests', testIds: [...files, '--grep', pattern] };
    case 'node-test':
      // `(?![\s\S])` ends the match like `$`, which {tests} could not carry (see escapeRegExp).
      return { mode: 'tests', testIds: [`--test-name-pattern=^(?:${pattern})(?![\\s\\S])`, ...files] };
    default:
      return { mode: 'files', files };
  }
}

const SEVERITY: Record<TestStatus, number> = { skipped: 0, xfail: 1, passed: 2, failed: 3, error: 4 };

/**
 * The status of a test in one run: the worst of the results reported for it (a
 * parametrized pytest test has one per parameter), else a file-level error of its file
 * (pytest collection error, a Jest or Vitest suite that failed to run, a unittest module
 * that failed to import), else `missing`.
 */
export function statusInReport(test: RunnerTest, framework: TestFramework, report: TestReport): ReproductionRunStatus {
  let worst: TestStatus | undefined;
  const consider = (status: TestStatus) => {
    if (worst === undefined || SEVERITY[status] > SEVERITY[worst]) worst = status;
  };
  for (const result of report.tests) {
    if (result.testId === test.id || (framework === 'pytest' && result.testId.startsWith(`${test.id}[`))) consider(result.status);
  }
  if (worst !== undefined) return worst;
  const module = framework === 'django' || framework === 'unittest' ? moduleOf(test.file, framework === 'django' ? djangoRoot(test.file) : '') : undefined;
  for (const result of report.tests) {
    if (result.status !== 'error') continue;
    if (result.testId === test.file) return 'error';
    if (module !== undefined && (result.testId.includes(`(${module})`) || result.testId.startsWith(`${module} (`) || result.testId.endsWith(`.${module})`))) return 'error';
  }
  return 'missing';
}

/** Where a runner's test id points: the file when the id names it, and the names down to the test. */
export interface ParsedTestId {
  readonly file?: string;
  /** Module (Django, unittest) to find the file by, when the id names no file. */
  readonly module?: string;
  readonly names: readonly string[];
}

/**
 * Reads a runner's test id (as in FAIL_TO_PASS) back into the file and names it points
 * to; pytest parameters (`[...]`) are dropped. Mocha ids (titles joined by spaces) cannot
 * be split and come back as one name, to compare with joined names.
 */
export function parseRunnerTestId(id: string, framework: TestFramework): ParsedTestId {
  switch (framework) {
    case 'django':
    case 'unittest': {
      const match = /^(\w+) \(([\w.]+)\)$/.exec(id);
      if (match) {
        const dotted = match[2]!.split('.');
        // Python 3.11 prints `test (module.Class.test)`.
        if (dotted.at(-1) === match[1]) dotted.pop();
        const owners = dotted.filter((part) => /^[A-Z]/.test(part));
        const module = dotted.slice(0, dotted.length - owners.length).join('.');
        return { module, names: [...owners, match[1]!] };
      }
      const parts = id.split('.');
      const firstClass = parts.findIndex((part) => /^[A-Z]/.test(part));
      return firstClass < 0 ? { names: [id] } : { module: parts.slice(0, firstClass).join('.'), names: parts.slice(firstClass) };
    }
    case 'sympy': {
      const colon = id.lastIndexOf(':');
      return colon < 0 ? { names: [id] } : { file: id.slice(0, colon), names: [id.slice(colon + 1)] };
    }
    case 'jest': {
      const [file, ...names] = id.split(' › ');
      return { file: file!, names };
    }
    case 'vitest': {
      const [file, ...names] = id.split(' > ');
      return { file: file!, names };
    }
    case 'mocha':
      return { names: [id] };
    case 'node-test':
      return { names: id.split(' > ') };
    default: {
      const [file, ...names] = id.replace(/\[.*\]$/, '').split('::');
      return { file: file!, names };
    }
  }
}

/** The files a Python module may live in: `a.b` → `a/b.py`, `a/b/__init__.py`, and under Django's `tests/`. */
export function candidateFilesOfModule(module: string, framework: TestFramework): string[] {
  const path = module.replaceAll('.', '/');
  const roots = framework === 'django' ? ['tests/', ''] : ['', 'tests/'];
  return roots.flatMap((root) => [`${root}${path}.py`, `${root}${path}/__init__.py`]);
}

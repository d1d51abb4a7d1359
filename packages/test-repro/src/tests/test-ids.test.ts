import type { TestReport } from '@swespot/core';
import { renderTestCommand } from '@swespot/repo-sandbox';
import { describe, expect, it } from 'vitest';
import { locateTests } from './locate-tests';
import { parseRunnerTestId, runnerTestIdOf, selectionFor, statusInReport, type RunnerTest } from './test-ids';

const python = [
  'import unittest',
  '',
  '',
  'class Base(unittest.TestCase):',
  '    def test_base(self):',
  '        pass',
  '',
  '',
  'class Derived(Base):',
  '    @unittest.skipIf(False, "never")',
  '    def test_derived(self):',
  '        def test_helper_inside():',
  '            pass',
  '',
  '    class TestInner:',
  '        def test_inner(self):',
  '            pass',
  '',
  '',
  'def test_module_level():',
  '    pass',
  '',
  '',
  'def helper():',
  '    pass',
  '',
].join('\n');

const javascript = [
  "const { describe, it, test } = require('node:test');",
  "describe('math', () => {",
  "  it('adds', () => {});",
  "  describe('inner', () => {",
  "    it('mul', () => {});",
  '  });',
  '});',
  "test('top level', () => {});",
  '',
].join('\n');

function report(tests: TestReport['tests'], exitCode = 1): TestReport {
  return {
    schemaVersion: 2,
    id: 'report',
    command: 'x',
    exitCode,
    tests,
    evidence: { runner: 'pytest', summary: null, countsAgree: null, exitCodeAgrees: true },
    durationMs: 1,
    timedOut: false,
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt: '2026-01-01T00:00:00Z',
    outputTail: { stdout: '', stderr: '' },
  };
}

describe('locateTests', () => {
  it('finds Python test functions and methods of any class (inherited TestCases, nested classes), decorators included, not helpers or nested functions', async () => {
    const tests = await locateTests('tests/admin/tests.py', python);
    expect(tests.map((test) => [test.names.join('.'), test.lines.start, test.lines.end])).toEqual([
      ['Base.test_base', 5, 6],
      ['Derived.test_derived', 10, 13],
      ['Derived.TestInner.test_inner', 16, 17],
      ['test_module_level', 20, 21],
    ]);
  });

  it('finds it/test cases qualified by their describe blocks', async () => {
    const tests = await locateTests('test/math.test.js', javascript);
    expect(tests.map((test) => test.names)).toEqual([['math', 'adds'], ['math', 'inner', 'mul'], ['top level']]);
  });
});

describe('runner ids', () => {
  const test = { file: 'tests/admin/tests.py', names: ['Derived', 'test_derived'], lines: { start: 10, end: 13 } };
  it.each([
    ['pytest', 'tests/admin/tests.py::Derived::test_derived'],
    ['django', 'test_derived (admin.tests.Derived)'],
    ['unittest', 'test_derived (tests.admin.tests.Derived)'],
    ['sympy', 'test_derived'],
  ] as const)('%s: %s, and back', (framework, id) => {
    expect(runnerTestIdOf(test, framework)).toBe(id);
    const parsed = parseRunnerTestId(id, framework);
    expect(parsed.names.at(-1)).toBe('test_derived');
  });

  it('reads Python 3.11 unittest ids and pytest parameters back', () => {
    expect(parseRunnerTestId('test_x (admin_views.tests.AdminTests.test_x)', 'django')).toEqual({ module: 'admin_views.tests', names: ['AdminTests', 'test_x'] });
    expect(parseRunnerTestId('tests/test_a.py::TestA::test_b[1-2]', 'pytest')).toEqual({ file: 'tests/test_a.py', names: ['TestA', 'test_b'] });
    expect(parseRunnerTestId('math > inner > mul', 'node-test')).toEqual({ names: ['math', 'inner', 'mul'] });
    expect(parseRunnerTestId('src/a.test.ts > math > adds', 'vitest')).toEqual({ file: 'src/a.test.ts', names: ['math', 'adds'] });
  });

  it('selects exactly the tests: ids for pytest and Django, files and a name filter for the JavaScript runners', () => {
    const tests: RunnerTest[] = [
      { file: 'test/a.test.js', names: ['math', 'adds'], lines: { start: 1, end: 1 }, id: 'math > adds' },
      { file: 'test/a.test.js', names: ['x.y (z)'], lines: { start: 2, end: 2 }, id: 'x.y (z)' },
    ];
    expect(selectionFor(tests, 'node-test')).toEqual({ mode: 'tests', testIds: ['--test-name-pattern=^(?:adds|x\\.y \\(z\\))(?![\\s\\S])', 'test/a.test.js'] });
    expect(selectionFor(tests, 'jest')).toEqual({ mode: 'tests', testIds: ['test/a.test.js', '-t', 'adds|x\\.y \\(z\\)'] });
    // `$` survives repo-sandbox's rendering of {tests} (String.replaceAll reads `$'` as a pattern).
    const dollar = selectionFor([{ file: 'test/a.test.js', names: ["costs $' $&"], lines: { start: 1, end: 1 }, id: "costs $' $&" }], 'mocha');
    expect(dollar).toEqual({ mode: 'tests', testIds: ['test/a.test.js', '--grep', "costs \\x24' \\x24&"] });
    expect(renderTestCommand({ command: 'npx mocha {tests}', selection: dollar })).toBe("npx mocha test/a.test.js --grep 'costs \\x24'\\'' \\x24&'");
    expect(new RegExp("costs \\x24' \\x24&").test("costs $' $&")).toBe(true);
    expect(selectionFor([{ ...test, id: 'tests/admin/tests.py::Derived::test_derived' }], 'pytest')).toEqual({ mode: 'tests', testIds: ['tests/admin/tests.py::Derived::test_derived'] });
  });
});

describe('statusInReport', () => {
  const pytestTest: RunnerTest = { file: 'tests/test_a.py', names: ['test_b'], lines: { start: 1, end: 2 }, id: 'tests/test_a.py::test_b' };
  it('takes the worst status of a parametrized test, a file-level error, or missing', () => {
    expect(statusInReport(pytestTest, 'pytest', report([{ testId: 'tests/test_a.py::test_b[1]', status: 'passed' }, { testId: 'tests/test_a.py::test_b[2]', status: 'failed' }, { testId: 'tests/test_a.py::test_bc', status: 'error' }]))).toBe('failed');
    expect(statusInReport(pytestTest, 'pytest', report([{ testId: 'tests/test_a.py', status: 'error' }]))).toBe('error');
    expect(statusInReport(pytestTest, 'pytest', report([{ testId: 'tests/test_a.py::test_bc', status: 'passed' }]))).toBe('missing');
  });

  it('sees a Django test module that failed to import as an error of its tests', () => {
    const django: RunnerTest = { file: 'tests/admin/tests.py', names: ['AdminTests', 'test_x'], lines: { start: 1, end: 2 }, id: 'test_x (admin.tests.AdminTests)' };
    expect(statusInReport(django, 'django', report([{ testId: 'admin.tests (unittest.loader._FailedTest)', status: 'error' }]))).toBe('error');
    expect(statusInReport(django, 'django', report([{ testId: 'test_x (admin.tests.AdminTests)', status: 'passed' }], 0))).toBe('passed');
  });
});

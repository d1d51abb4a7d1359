import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePytestOutput } from './parsers/parse-pytest-output';
import { readJunitXml } from './read-junit-xml';

const recorded = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__/recorded', name), 'utf8');

describe('readJunitXml', () => {
  it('reads every status of a real pytest report, with -rA ids (classes nested, collection errors as files)', () => {
    const parsed = readJunitXml(recorded('pytest-junit/junit.xml'));
    expect(parsed.tests.map((test) => [test.testId, test.status])).toEqual([
      ['tests/test_broken_import.py', 'error'],
      ['tests/test_status.py::test_pass', 'passed'],
      ['tests/test_status.py::test_fail', 'failed'],
      ['tests/test_status.py::test_error', 'error'],
      ['tests/test_status.py::test_skip', 'skipped'],
      ['tests/test_status.py::test_xfail', 'xfail'],
      ['tests/test_status.py::TestGroup::TestInner::test_nested', 'passed'],
      ['tests/test_status.py::TestGroup::test_method', 'passed'],
    ]);
    expect(parsed.tests[2]!.message).toBe('assert 1 == 2');
    // The same ids as pytest's own -rA summary, wherever that summary names the test.
    const fromLog = parsePytestOutput({ stdout: recorded('pytest-junit/stdout.txt'), stderr: '', exitCode: 1 });
    const junitIds = new Set(parsed.tests.map((test) => test.testId));
    for (const test of fromLog.tests.filter((entry) => entry.status !== 'skipped')) expect(junitIds).toContain(test.testId);
    expect(parsed.summary).toMatchObject({ passed: 3, failed: 1, errors: 2, skipped: 1, xfailed: 1, total: 8 });
    expect(fromLog.summary).toMatchObject({ passed: 3, failed: 1, errors: 2, skipped: 1, xfailed: 1 });
  });

  it("keeps whole parametrized ids with spaces, colons and brackets (click's real suite)", () => {
    const parsed = readJunitXml(recorded('click-junit/junit.xml'));
    expect(parsed.tests).toHaveLength(90); // pytest printed "90 passed"
    expect(parsed.tests.every((test) => test.status === 'passed')).toBe(true);
    const ids = parsed.tests.map((test) => test.testId);
    expect(ids).toContain("tests/test_basic.py::test_string_option[args2-Error: Option '--s' requires an argument.]");
    expect(ids).toContain('tests/test_types.py::test_range_fail[type0-6-6 is not in the range 0<=x<=5.]');
  });

  it('refuses what is not a JUnit report', () => {
    expect(() => readJunitXml('<html><body/></html>')).toThrow(/not a JUnit XML report/);
  });
});

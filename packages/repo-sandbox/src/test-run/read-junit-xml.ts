import type { TestStatus } from '@swespot/core';
import { XMLParser } from 'fast-xml-parser';
import { summaryOf, TestResultCollector, type ParsedTestOutput } from './test-output';

type XmlNode = Record<string, unknown>;

function list(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is XmlNode => typeof item === 'object' && item !== null);
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

/**
 * The pytest node id of a JUnit `testcase` written with `junit_family=xunit1` (which keeps
 * the `file` attribute): `file::Class::name`, the class part being what `classname` holds
 * after the module's dotted path. Without `file`, the dotted classname and the name.
 */
function pytestId(testcase: XmlNode): string {
  const name = attribute(testcase, 'name') ?? '';
  const classname = attribute(testcase, 'classname') ?? '';
  const file = attribute(testcase, 'file');
  if (!file) return classname ? `${classname}::${name}` : name;
  const module = file.replace(/\.py$/, '').replace(/\//g, '.');
  if (!classname) return file === name || name === module ? file : `${file}::${name}`;
  if (classname === module) return `${file}::${name}`;
  const classPart = classname.startsWith(`${module}.`) ? classname.slice(module.length + 1).replace(/\./g, '::') : '';
  return classPart ? `${file}::${classPart}::${name}` : `${file}::${name}`;
}

function messageOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const text = attribute(node, 'message') ?? (typeof node['#text'] === 'string' ? (node['#text'] as string) : undefined);
  return text ? text.slice(0, 500) : undefined;
}

/**
 * Reads a JUnit XML report (pytest's `--junitxml` with `-o junit_family=xunit1`; other
 * runners' reports give `classname::name` ids) into per-test results and the report's own
 * counts. `<failure>` is failed, `<error>` error, `<skipped type="pytest.xfail">` xfail, other
 * `<skipped>` skipped, anything else passed; the worst status wins for a repeated id (a test
 * that passes and then errors in teardown is an error). A collection error (`testcase` with
 * no classname) gets the file as its id, as pytest's `-rA` summary prints it.
 *
 * @throws Error when the text is not XML with a `testsuite` or `testsuites` root.
 */
export function readJunitXml(xml: string): ParsedTestOutput {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, parseTagValue: false, processEntities: true });
  const document = parser.parse(xml) as XmlNode;
  const root = (document.testsuites as XmlNode | undefined) ?? (document.testsuite ? { testsuite: document.testsuite } : undefined);
  if (!root) throw new Error('not a JUnit XML report: no <testsuites> or <testsuite> element');
  const collector = new TestResultCollector();
  let counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of list(root.testsuite)) {
    counts = {
      tests: counts.tests + Number(attribute(suite, 'tests') ?? 0),
      failures: counts.failures + Number(attribute(suite, 'failures') ?? 0),
      errors: counts.errors + Number(attribute(suite, 'errors') ?? 0),
      skipped: counts.skipped + Number(attribute(suite, 'skipped') ?? 0),
    };
    for (const testcase of list(suite.testcase)) {
      const error = list(testcase.error)[0];
      const failure = list(testcase.failure)[0];
      const skipped = list(testcase.skipped)[0];
      let status: TestStatus = 'passed';
      let message: string | undefined;
      if (error) [status, message] = ['error', messageOf(error)];
      else if (failure) [status, message] = ['failed', messageOf(failure)];
      else if (skipped) [status, message] = [attribute(skipped, 'type') === 'pytest.xfail' ? 'xfail' : 'skipped', messageOf(skipped)];
      const seconds = Number(attribute(testcase, 'time'));
      collector.add({ testId: pytestId(testcase), status, ...(Number.isFinite(seconds) ? { durationMs: Math.round(seconds * 1000) } : {}), ...(message ? { message } : {}) });
    }
  }
  const tests = collector.results();
  const count = (status: TestStatus) => tests.filter((test) => test.status === status).length;
  return {
    tests,
    summary: summaryOf({ passed: count('passed'), failed: count('failed'), errors: count('error'), skipped: count('skipped'), xfailed: count('xfail'), total: counts.tests }),
  };
}

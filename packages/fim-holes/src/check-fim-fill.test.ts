import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeIndex } from '@swespot/code-index';
import type { EnvironmentSpec, FimTask, TestSpec } from '@swespot/core';
import { buildPythonBaseImage } from '@swespot/repo-sandbox/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonRepository } from './__fixtures__/create-python-repository';
import { indexSnapshot } from './__fixtures__/index-snapshot';
import { checkFimFill } from './check-fim-fill';
import { createSandboxTestRunner } from './create-sandbox-test-runner';
import { fillHoledFile, makeHoledFile } from './holed-file';
import { mineFimTasks, type FimSnapshot } from './mine-fim-tasks';
import { createSourceParser } from './source-parser';

const testSpec: TestSpec = { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 };

describe('checkFimFill', () => {
  let repo: string;
  let snapshot: FimSnapshot;
  let index: CodeIndex;
  let tasks: FimTask[];
  let image: string;
  const parser = createSourceParser();

  beforeAll(async () => {
    repo = await createPythonRepository();
    ({ snapshot, index } = await indexSnapshot(repo, '2022-06-01'));
    image = await buildPythonBaseImage({});
    const environment: EnvironmentSpec = { image, installCommands: [], workingDirectory: '/testbed' };
    ({ tasks } = await mineFimTasks({ snapshot, index, repo: 'acme/shop', count: 50, seed: 3, negativeRatio: 0.5, environment, testSpec, parser }));
  }, 900_000);
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(snapshot.directory, { recursive: true, force: true });
  });

  const taskOf = (symbol: string) => {
    const task = tasks.find((candidate) => candidate.holes[0]!.symbol === symbol);
    if (task === undefined) throw new Error(`no task for ${symbol}: ${tasks.map((candidate) => candidate.holes[0]!.symbol).join(', ')}`);
    return task;
  };

  it('scores similarity without running tests: exact for the ground truth, lower for a different fill', async () => {
    const task = taskOf('Cart.receipt');
    const truth = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { fills: task.holes.map((hole) => hole.removedCode) }, parser });
    expect(truth).toMatchObject({ parses: true, passed: true, tests: { ran: false } });
    expect(truth.holes[0]).toMatchObject({ exactMatch: true, editSimilarity: 1, syntaxTreeMatch: true, syntaxTreeSimilarity: 1 });
    const reformatted = task.holes[0]!.removedCode.replace(/\n\n/g, '\n');
    const layout = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { fills: [reformatted] }, parser });
    expect(layout.holes[0]).toMatchObject({ exactMatch: reformatted === task.holes[0]!.removedCode, syntaxTreeMatch: true });
    const other = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { fills: [task.holes[0]!.part === 'body' ? 'return ""' : 'def receipt(self):\n        return ""'] }, parser });
    expect(other.parses).toBe(true);
    expect(other.holes[0]!.exactMatch).toBe(false);
    expect(other.holes[0]!.syntaxTreeMatch).toBe(false);
    expect(other.holes[0]!.editSimilarity).toBeLessThan(0.5);
  });

  it('reads the fills out of a whole filled file and refuses one changed outside its holes', async () => {
    const task = taskOf('Cart.total');
    const original = await readFile(join(snapshot.directory, task.file));
    const result = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { filledFile: original }, parser });
    expect(result.holes[0]!.exactMatch).toBe(true);
    const changed = Buffer.concat([Buffer.from('# edited\n'), original]);
    await expect(checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { filledFile: changed }, parser })).rejects.toThrow(/differs from the holed file outside the holes/);
  });

  it('passes the ground truth and fails an empty or wrong fill by running the hole\'s tests in Docker', async () => {
    const task = taskOf('Cart.total');
    expect(task.coveringTests).toEqual(['tests/test_cart.py::test_total']);
    const runTests = createSandboxTestRunner();
    const original = await readFile(join(snapshot.directory, task.file));
    const holed = makeHoledFile(original, task.holes);
    const truth = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { filledFile: original }, runTests, parser });
    expect(truth.tests).toMatchObject({ ran: true, passed: true });
    expect(truth.tests.report?.tests.map((test) => [test.testId, test.status])).toEqual([['tests/test_cart.py::test_total', 'passed']]);
    expect(truth.passed).toBe(true);

    const empty = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { fills: [''] }, runTests, parser });
    expect(empty.passed).toBe(false);

    const wrongCode = task.holes[0]!.part === 'body'
      ? 'cents = 0\n        for name, quantity in self.quantities.items():\n            cents += self.catalog.find(name).price * quantity\n        return cents'
      : 'def total(self, discount=0):\n        return sum(self.catalog.find(name).price * quantity for name, quantity in self.quantities.items())';
    const wrong = await checkFimFill({ task, snapshotDirectory: snapshot.directory, fill: { filledFile: fillHoledFile(holed, task.holes, [wrongCode]) }, runTests, parser });
    expect(wrong.parses).toBe(true);
    expect(wrong.tests).toMatchObject({ ran: true, passed: false });
    expect(wrong.tests.reason).toMatch(/1 test\(s\) failed: tests\/test_cart.py::test_total/);
    expect(wrong.passed).toBe(false);
  }, 600_000);
});

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fimTaskSchema, InvalidArgumentError, type EnvironmentSpec, type TestSpec } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonRepository, createRepository } from './__fixtures__/create-python-repository';
import { indexSnapshot } from './__fixtures__/index-snapshot';
import { makeHoledFile, restoreHoledFile } from './holed-file';
import { mineFimTasks, type FimSnapshot } from './mine-fim-tasks';
import { createSourceParser } from './source-parser';
import type { CodeIndex } from '@swespot/code-index';

const environment: EnvironmentSpec = { image: 'swespot/base-python:test', installCommands: [], workingDirectory: '/testbed' };
const testSpec: TestSpec = { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 };

describe('mineFimTasks', () => {
  let repo: string;
  let snapshot: FimSnapshot;
  let index: CodeIndex;
  const parser = createSourceParser();

  beforeAll(async () => {
    repo = await createPythonRepository();
    ({ snapshot, index } = await indexSnapshot(repo, '2022-06-01'));
  }, 120_000);
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(snapshot.directory, { recursive: true, force: true });
  });

  const mine = (overrides: Partial<Parameters<typeof mineFimTasks>[0]> = {}) =>
    mineFimTasks({ snapshot, index, repo: 'acme/shop', count: 20, seed: 1, environment, testSpec, parser, negativeRatio: 0.2, ...overrides });

  it('writes tasks whose holed file parses and gives the original bytes back with the ground truth', async () => {
    const { tasks, statistics } = await mine();
    expect(tasks.length).toBeGreaterThan(3);
    for (const task of tasks) {
      expect(fimTaskSchema.parse(JSON.parse(JSON.stringify(task)))).toStrictEqual(task);
      const original = await readFile(join(snapshot.directory, task.file));
      const holed = makeHoledFile(original, task.holes);
      expect(restoreHoledFile(holed, task.holes as never).equals(original)).toBe(true);
      expect((await parser.parse('python', holed.toString('utf8'))).hasError).toBe(false);
      expect(holed.toString('utf8')).toContain('FIM HOLE 1');
      expect(task.file.startsWith('tests/')).toBe(false);
    }
    expect(statistics.byClassification.positive / tasks.length).toBeGreaterThanOrEqual(0.8);
    expect(statistics.skips.files.test).toBe(2);
  });

  it('classifies by cross-file dependencies and keeps them out of the instruction', async () => {
    const { tasks } = await mine({ count: 50, negativeRatio: 0.5 });
    const receipt = tasks.find((task) => task.holes[0]!.symbol === 'Cart.receipt');
    expect(receipt?.classification).toBe('positive');
    expect(receipt?.crossFileDependencies.map((dependency) => `${dependency.symbol} ${dependency.definedIn}`)).toEqual(
      expect.arrayContaining(['Catalog.sort_names shop/catalog.py', 'format_price shop/money.py']),
    );
    for (const dependency of receipt!.crossFileDependencies) expect(receipt!.instruction).not.toContain(dependency.definedIn);
    const local = tasks.find((task) => task.holes[0]!.symbol === 'apply_discount' || task.holes[0]!.symbol === 'parse_price');
    expect(local?.classification).toBe('negative');
    expect(local?.crossFileDependencies).toEqual([]);
  });

  it('describes a hole by its docstring, else by a model, else by a template, and names file and place', async () => {
    const { tasks } = await mine({ count: 50, negativeRatio: 0.5 });
    const total = tasks.find((task) => task.holes[0]!.symbol === 'Cart.total')!;
    expect(total.instruction).toContain('Total price in cents, after a discount in percent.');
    expect(total.instruction).toContain('`shop/cart.py`');
    expect(total.instruction).toMatch(/line \d+/);
    expect(total.instruction).not.toContain('apply_discount(cents');
    const receipt = tasks.find((task) => task.holes[0]!.symbol === 'Cart.receipt')!;
    expect(receipt.instruction).toContain('it has no documentation');
    const model = new MockModelV1({ replies: ['It lists each product of the cart with its quantity, sorted by name, then the total.'], repeatLast: true });
    const described = await mine({ count: 50, negativeRatio: 0.5, model });
    const withModel = described.tasks.find((task) => task.holes[0]!.symbol === 'Cart.receipt')!;
    expect(withModel.instruction).toContain('It lists each product of the cart');
    expect(model.calls.length).toBe(described.statistics.instructionSources.model);
    expect(model.calls[0]?.messages.at(-1)?.content).toContain('do not name the functions');
  });

  it('selects the tests that use the definition', async () => {
    const { tasks } = await mine({ count: 50, negativeRatio: 0.5 });
    const total = tasks.find((task) => task.holes[0]!.symbol === 'Cart.total')!;
    expect(total.coveringTests).toEqual(['tests/test_cart.py::test_total']);
    expect(total.testSpec.selection).toEqual({ mode: 'tests', testIds: ['tests/test_cart.py::test_total'] });
  });

  it('gives the same tasks for the same seed, one task per definition, and holes of a task that never overlap', async () => {
    const first = await mine({ count: 8, holesPerTask: 2 });
    const second = await mine({ count: 8, holesPerTask: 2 });
    expect(JSON.stringify(second.tasks)).toBe(JSON.stringify(first.tasks));
    expect(first.tasks.some((task) => task.holes.length === 2)).toBe(true);
    for (const task of first.tasks) {
      const [one, two] = task.holes;
      if (two !== undefined) expect(one!.byteRange.end <= two.byteRange.start).toBe(true);
    }
    const definitions = first.tasks.flatMap((task) => task.holes.map((hole) => `${task.file} ${hole.symbol}`));
    expect(new Set(definitions).size).toBe(definitions.length);
  });

  it('refuses a count of 0 and a repository with no supported language, naming the option', async () => {
    await expect(mine({ count: 0 })).rejects.toSatisfy((error: unknown) => InvalidArgumentError.isInstance(error) && error.argument === 'count');
    const textOnly = await createRepository([{ date: '2022-01-01T00:00:00Z', files: { 'README.md': '# nothing\n', 'main.go': 'package main\n' } }]);
    try {
      const other = await indexSnapshot(textOnly, '2022-06-01');
      await expect(mine({ ...other })).rejects.toThrow(/no source file in a language FIM holes support/);
      await rm(other.snapshot.directory, { recursive: true, force: true });
    } finally {
      await rm(textOnly, { recursive: true, force: true });
    }
  });
});

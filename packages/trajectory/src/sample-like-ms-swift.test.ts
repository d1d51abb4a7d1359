import { createRandom } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { assignCurriculumStages } from './assign-curriculum-stages';
import { mixGroups, sampleLikeMsSwift } from './sample-like-ms-swift';
import { splitByTask } from './split-by-task';

const rows = Array.from({ length: 1895 }, (_, index) => index);

describe('sampleLikeMsSwift', () => {
  it('oversamples like file.jsonl#2048 on 1,895 rows: every row once plus 153 distinct repeats', () => {
    const sampled = sampleLikeMsSwift(rows, 2048, createRandom(42));
    expect(sampled).toHaveLength(2048);
    const counts = new Map<number, number>();
    for (const row of sampled) counts.set(row, (counts.get(row) ?? 0) + 1);
    expect(counts.size).toBe(1895);
    expect([...counts.values()].filter((count) => count === 2)).toHaveLength(153);
    expect(Math.max(...counts.values())).toBe(2);
  });

  it('samples without replacement below the row count, twice over at exactly double, and reproducibly', () => {
    const small = sampleLikeMsSwift(rows, 100, createRandom(1));
    expect(new Set(small).size).toBe(100);
    expect(sampleLikeMsSwift(rows, 100, createRandom(1))).toEqual(small);
    expect(sampleLikeMsSwift(rows, 100, createRandom(2))).not.toEqual(small);
    expect(sampleLikeMsSwift([1, 2], 4, createRandom(1)).sort()).toEqual([1, 1, 2, 2]);
    expect(() => sampleLikeMsSwift(rows, -1, createRandom(1))).toThrow(/whole number/);
  });

  it('mixes groups: named ones sampled, others whole, 0 drops, one group\'s count does not change another\'s sample', () => {
    const groups = new Map([['a', rows.slice(0, 50)], ['b', rows.slice(50, 80)], ['c', rows.slice(80, 90)]]);
    const first = mixGroups(groups, { a: 10, c: 0 }, createRandom(3));
    expect([first.get('a')?.length, first.get('b')?.length, first.get('c')?.length]).toEqual([10, 30, 0]);
    const second = mixGroups(groups, { a: 10, b: 5, c: 0 }, createRandom(3));
    expect(second.get('a')).toEqual(first.get('a'));
    expect(() => mixGroups(groups, { d: 1 }, createRandom(3))).toThrow(/no trajectories of unit 'd'/);
  });
});

describe('assignCurriculumStages and splitByTask', () => {
  it('cuts stages of equal size by score, easiest first, ties in input order', () => {
    const items = [5, 1, 4, 1, 3, 9, 2];
    expect(assignCurriculumStages(items, 3, (item) => item)).toEqual([[1, 1, 2], [3, 4], [5, 9]]);
    expect(assignCurriculumStages(items, 1, (item) => item)).toEqual([items]);
    expect(() => assignCurriculumStages(items, 0, (item) => item)).toThrow(/1 or more/);
  });

  it('puts all trajectories of a task on one side', () => {
    const items = Array.from({ length: 40 }, (_, index) => ({ task: `t${index % 10}`, index }));
    const { train, validation } = splitByTask(items, (item) => item.task, 0.2, createRandom(9));
    const validationTasks = new Set(validation.map((item) => item.task));
    expect(validationTasks.size).toBe(2);
    expect(validation).toHaveLength(8);
    for (const item of train) expect(validationTasks.has(item.task)).toBe(false);
  });
});

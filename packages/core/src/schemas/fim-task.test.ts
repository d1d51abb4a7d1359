import { describe, expect, it } from 'vitest';
import { exampleFimTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { fimTaskSchema } from './fim-task';

describe('fimTaskSchema', () => {
  it('accepts an agentic FIM task whose hole spans exactly the bytes of the removed code', () => {
    expect(fimTaskSchema.parse(exampleFimTask())).toStrictEqual(exampleFimTask());
  });

  it('counts UTF-8 bytes, not characters, in a hole', () => {
    const task = exampleFimTask();
    const removedCode = 'return "café"\n';
    const hole = { ...task.holes[0], removedCode, byteRange: { start: 10, end: 10 + removedCode.length } };
    expect(issuePathsOf(fimTaskSchema, { ...task, holes: [hole] })).toEqual(['holes.0.byteRange']);
    const fixed = { ...hole, byteRange: { start: 10, end: 10 + removedCode.length + 1 } };
    expect(issuePathsOf(fimTaskSchema, { ...task, holes: [fixed] })).toEqual([]);
  });

  it('rejects overlapping holes at the later hole', () => {
    const task = exampleFimTask();
    const first = task.holes[0];
    if (first === undefined) throw new Error('fixture changed');
    const second = { ...first, byteRange: { start: first.byteRange.end - 1, end: first.byteRange.end - 1 + (first.byteRange.end - first.byteRange.start) } };
    expect(issuePathsOf(fimTaskSchema, { ...task, holes: [first, second] })).toEqual(['holes.1.byteRange.start']);
  });

  it('rejects a positive task without cross-file dependencies', () => {
    expect(issuePathsOf(fimTaskSchema, { ...exampleFimTask(), crossFileDependencies: [] })).toEqual(['crossFileDependencies']);
    expect(issuePathsOf(fimTaskSchema, { ...exampleFimTask(), classification: 'negative', crossFileDependencies: [] })).toEqual([]);
  });

  it('rejects an unknown hole granularity', () => {
    const task = exampleFimTask();
    const hole = { ...task.holes[0], granularity: 'line' };
    expect(issuePathsOf(fimTaskSchema, { ...task, holes: [hole] })).toEqual(['holes.0.granularity']);
  });

  it('reads version 1 records without placeholders and requires part and placeholder from version 2 on', () => {
    const task = exampleFimTask();
    const hole = task.holes[0]!;
    expect(issuePathsOf(fimTaskSchema, { ...task, schemaVersion: 2 })).toEqual(['holes.0.part', 'holes.0.placeholder']);
    const version2 = { ...task, schemaVersion: 2, holes: [{ ...hole, part: 'whole', placeholder: '...  # FIM HOLE 1' }] };
    expect(fimTaskSchema.parse(version2)).toStrictEqual(version2);
    expect(issuePathsOf(fimTaskSchema, { ...task, schemaVersion: 3 })).toEqual(['schemaVersion']);
    expect(issuePathsOf(fimTaskSchema, { ...version2, holes: [{ ...version2.holes[0], placeholder: '' }] })).toEqual(['holes.0.placeholder']);
  });
});

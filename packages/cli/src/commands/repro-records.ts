import { readFile } from 'node:fs/promises';
import {
  bugfixTaskSchema,
  fromSweBenchRow,
  InvalidArgumentError,
  parseJsonlLine,
  sweBenchRowSchema,
  testReproTaskSchema,
  type BugfixTask,
  type TestReproTask,
} from '@swespot/core';
import { z } from 'zod';

/** One record of a bugs or tasks file, with where it came from. */
export type ReproInputRecord =
  | { readonly kind: 'bugfix'; readonly line: number; readonly task: BugfixTask }
  | { readonly kind: 'test-repro'; readonly line: number; readonly task: TestReproTask };

const anyObject = z.record(z.string(), z.unknown());

/**
 * Reads a JSONL file of swespot task records (`kind`: `bugfix`, or `test-repro` when
 * `accept` allows it) or SWE-bench-style rows (`instance_id`: SWE-bench Verified and
 * SWE-smith rows become bugfix tasks, TDD-Bench rows, which have no FAIL_TO_PASS, become
 * test-repro tasks through core's codecs). Every line is validated; an invalid one stops
 * the read with its file, line and field.
 */
export async function readReproInput(file: string, accept: readonly ('bugfix' | 'test-repro')[]): Promise<ReproInputRecord[]> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new InvalidArgumentError({ argument: 'file', message: `cannot read ${file}: ${(error as Error).message}` });
  });
  const records: ReproInputRecord[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineText = lines[index]!;
    if (lineText.trim() === '') continue;
    const line = index + 1;
    const value = parseJsonlLine(lineText, { schema: anyObject, schemaName: 'record', file, line });
    if ('kind' in value) {
      if (value.kind === 'test-repro' && accept.includes('test-repro')) {
        records.push({ kind: 'test-repro', line, task: parseJsonlLine(lineText, { schema: testReproTaskSchema, schemaName: 'TestReproTask', file, line }) });
      } else {
        if (!accept.includes('bugfix')) {
          throw new InvalidArgumentError({ argument: 'file', message: `${file}:${line}: a ${String(value.kind)} task; expected test-repro tasks or TDD-Bench rows.` });
        }
        records.push({ kind: 'bugfix', line, task: parseJsonlLine(lineText, { schema: bugfixTaskSchema, schemaName: 'BugfixTask', file, line }) });
      }
      continue;
    }
    const row = parseJsonlLine(lineText, { schema: sweBenchRowSchema, schemaName: 'SweBenchRow', file, line });
    const tddRow = row.FAIL_TO_PASS === undefined || row.FAIL_TO_PASS === null;
    try {
      if (tddRow) {
        if (!accept.includes('test-repro')) {
          throw new InvalidArgumentError({ argument: 'file', message: `${file}:${line}: ${row.instance_id} has no FAIL_TO_PASS (a TDD-Bench row is already a reproduction task); give SWE-bench rows or bugfix tasks.` });
        }
        records.push({ kind: 'test-repro', line, task: fromSweBenchRow(row, { kind: 'test-repro' }) });
      } else if (accept.includes('bugfix')) {
        records.push({ kind: 'bugfix', line, task: fromSweBenchRow(row, { kind: 'bugfix' }) });
      } else {
        records.push({ kind: 'test-repro', line, task: fromSweBenchRow(row, { kind: 'test-repro' }) });
      }
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) throw error;
      throw new InvalidArgumentError({ argument: 'file', message: `${file}:${line}: ${(error as Error).message}`, cause: error });
    }
  }
  return records;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskInstanceSchema } from '../schemas/task-instance';
import { fromSweBenchRow } from './from-swe-bench-row';
import { toSweBenchRow } from './to-swe-bench-row';

const dataRoot = '/work/shared/data/rce';

function readRows(folder: string): { file: string; line: number; text: string }[] {
  const directory = join(dataRoot, folder);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(join(directory, name), 'utf8')
        .split('\n')
        .map((text, index) => ({ file: `${folder}/${name}`, line: index + 1, text }))
        .filter((entry) => entry.text.trim() !== ''),
    );
}

const createdAt = '2026-01-01T00:00:00Z';

describe('toSweBenchRow(fromSweBenchRow(row))', () => {
  it('gives back every SWE-bench Verified and FEA-Bench row unchanged, keys in the same order', () => {
    const rows = [...readRows('sbv'), ...readRows('fea')];
    expect(rows.length).toBeGreaterThan(200);
    let compared = 0;
    for (const { file, line, text } of rows) {
      const row = JSON.parse(text) as Record<string, unknown>;
      const instance = fromSweBenchRow(row, { createdAt });
      expect(taskInstanceSchema.safeParse(instance).success, `${file}:${line}`).toBe(true);
      const back = toSweBenchRow(instance);
      expect(back, `${file}:${line}`).toStrictEqual(row);
      expect(JSON.stringify(back), `${file}:${line}`).toBe(JSON.stringify(row));
      compared += 1;
    }
    expect(compared).toBe(rows.length);
  });

  it('survives a trip through JSON: the instance read back from disk still gives the row', () => {
    for (const { text } of [...readRows('sbv').slice(0, 5), ...readRows('fea').slice(0, 5)]) {
      const instance = fromSweBenchRow(JSON.parse(text) as Record<string, unknown>, { createdAt });
      const reread = taskInstanceSchema.parse(JSON.parse(JSON.stringify(instance)));
      expect(reread.kind === 'bugfix' || reread.kind === 'feature').toBe(true);
      if (reread.kind !== 'bugfix' && reread.kind !== 'feature') continue;
      expect(JSON.stringify(toSweBenchRow(reread))).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it('gives back every TDD-Bench row (created_at in epoch milliseconds) as a test-repro instance', () => {
    const rows = readRows('tdd');
    expect(rows.length).toBeGreaterThan(100);
    for (const { file, line, text } of rows) {
      const row = JSON.parse(text) as Record<string, unknown>;
      const instance = fromSweBenchRow(row, { kind: 'test-repro', createdAt });
      expect(instance.kind).toBe('test-repro');
      expect(instance.createdAt).toBe(new Date(row.created_at as number).toISOString());
      expect(JSON.stringify(toSweBenchRow(instance)), `${file}:${line}`).toBe(JSON.stringify(row));
    }
  });
});

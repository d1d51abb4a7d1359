import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonlToArray } from './read-jsonl-to-array';

const Item = z.object({ id: z.string(), size: z.number().default(0) });

describe('readJsonlToArray', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'swespot-read-array-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('returns the schema output of every record, in file order', async () => {
    const file = join(directory, 'items.jsonl');
    await writeFile(file, '{"id":"b","size":2}\n{"id":"a"}\n{"id":"c","si');
    expect(await readJsonlToArray(file, { schema: Item })).toEqual([
      { id: 'b', size: 2 },
      { id: 'a', size: 0 },
    ]);
  });

  it('passes the options through', async () => {
    const file = join(directory, 'items.jsonl');
    await writeFile(file, '{"id":"a"}\n{"id":2}\n');
    await expect(readJsonlToArray(file, { schema: Item, schemaName: 'Item' })).rejects.toThrow(/items\.jsonl:2: invalid Item/);
    expect(await readJsonlToArray(file, { schema: Item, onInvalid: 'skip' })).toEqual([{ id: 'a', size: 0 }]);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SwespotError } from '../errors/swespot-error';
import { ValidationError } from '../errors/validation-error';
import { openJsonlWriter } from './open-jsonl-writer';
import { readJsonl } from './read-jsonl';
import { readJsonlToArray } from './read-jsonl-to-array';

const Item = z.object({ id: z.string(), payload: z.string() });
type Item = z.output<typeof Item>;

function item(id: string, payload = `payload of ${id}`): Item {
  return { id, payload };
}

describe('openJsonlWriter', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'swespot-jsonl-writer-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('creates parent folders and appends one JSON line per record', async () => {
    const file = join(directory, 'deep', 'er', 'items.jsonl');
    const writer = await openJsonlWriter(file, { schema: Item });
    expect(writer.size).toBe(0);
    expect(await writer.write(item('a'))).toBe(true);
    expect(await writer.write(item('b'))).toBe(true);
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(item('a'))}\n${JSON.stringify(item('b'))}\n`);
  });

  it('refuses duplicate ids, within a session and across reopenings', async () => {
    const file = join(directory, 'items.jsonl');
    const first = await openJsonlWriter(file, { schema: Item });
    expect(await first.write(item('a'))).toBe(true);
    expect(await first.write(item('a', 'other payload'))).toBe(false);
    expect(first.has('a')).toBe(true);
    await first.close();

    const second = await openJsonlWriter(file, { schema: Item });
    expect(second.has('a')).toBe(true);
    expect(second.has('b')).toBe(false);
    expect(second.size).toBe(1);
    expect(await second.write(item('a', 'third payload'))).toBe(false);
    expect(await second.write(item('b'))).toBe(true);
    expect([...second.ids()]).toEqual(['a', 'b']);
    await second.close();
    expect(await readJsonlToArray(file, { schema: Item })).toEqual([item('a'), item('b')]);
  });

  it('writes nothing for an invalid record and names the file in the ValidationError', async () => {
    const file = join(directory, 'items.jsonl');
    const writer = await openJsonlWriter(file, { schema: Item, schemaName: 'Item' });
    await writer.write(item('a'));
    const error = await writer.write({ id: 'b', payload: 7 } as unknown as Item).catch((caught) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).message).toMatch(/items\.jsonl: invalid Item:\n {2}payload: .*expected string/);
    expect((error as ValidationError).file).toBe(file);
    expect(writer.has('b')).toBe(false);
    expect(await writer.write(item('b'))).toBe(true);
    await writer.close();
    expect(await readJsonlToArray(file, { schema: Item })).toEqual([item('a'), item('b')]);
  });

  it('validates the record as it will be read back, after JSON serialization', async () => {
    const WithDate = z.object({ id: z.string(), at: z.date() });
    const file = join(directory, 'dates.jsonl');
    const writer = await openJsonlWriter(file, { schema: WithDate });
    await expect(writer.write({ id: 'a', at: new Date(0) })).rejects.toThrow(/dates\.jsonl: invalid record:\n {2}at:/);
    const cyclic: { id: string; payload: string; self?: unknown } = item('c');
    cyclic.self = cyclic;
    const otherWriter = await openJsonlWriter(join(directory, 'other.jsonl'), { schema: Item });
    await expect(otherWriter.write(cyclic)).rejects.toThrow(/not JSON serializable/);
    await writer.close();
    await otherWriter.close();
    expect(await readFile(file, 'utf8')).toBe('');
  });

  it('repairs a torn last line on open, keeping every complete line', async () => {
    const file = join(directory, 'items.jsonl');
    const complete = `${JSON.stringify(item('a'))}\n\n${JSON.stringify(item('b'))}\n`;
    await writeFile(file, `${complete}${JSON.stringify(item('c')).slice(0, 15)}`);
    const writer = await openJsonlWriter(file, { schema: Item });
    expect(writer.repairedTail).toEqual({ line: 4, startByte: Buffer.byteLength(complete), byteLength: 15 });
    expect(await readFile(file, 'utf8')).toBe(complete);
    expect([...writer.ids()]).toEqual(['a', 'b']);
    expect(await writer.write(item('c'))).toBe(true);
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe(`${complete}${JSON.stringify(item('c'))}\n`);
    const reader = readJsonl(file, { schema: Item, onTruncatedTail: 'throw' });
    for await (const record of reader) expect(record.payload).toMatch(/^payload of /);
    expect(reader.stats.recordsYielded).toBe(3);
  });

  it('adds the missing newline after a complete last record', async () => {
    const file = join(directory, 'items.jsonl');
    await writeFile(file, JSON.stringify(item('a')));
    const writer = await openJsonlWriter(file, { schema: Item });
    expect(writer.repairedTail).toBeUndefined();
    await writer.write(item('b'));
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(item('a'))}\n${JSON.stringify(item('b'))}\n`);
  });

  it('refuses to open a file with an invalid complete line, naming file and line', async () => {
    const file = join(directory, 'items.jsonl');
    const original = `${JSON.stringify(item('a'))}\n{"id":"b"}\n`;
    await writeFile(file, original);
    await expect(openJsonlWriter(file, { schema: Item, schemaName: 'Item' })).rejects.toThrow(
      /items\.jsonl:2: invalid Item:\n {2}payload:/,
    );
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('serializes concurrent writes: whole lines, call order, one line per id', async () => {
    const file = join(directory, 'items.jsonl');
    const writer = await openJsonlWriter(file, { schema: Item });
    const ids = Array.from({ length: 300 }, (_, index) => `r${index % 250}`);
    const results = await Promise.all(ids.map((id, index) => writer.write(item(id, String(index).repeat(3000)))));
    expect(results.filter(Boolean)).toHaveLength(250);
    expect(results.slice(250).every((written) => !written)).toBe(true);
    await writer.close();
    const records = await readJsonlToArray(file, { schema: Item, onTruncatedTail: 'throw' });
    expect(records.map((record) => record.id)).toEqual(ids.slice(0, 250));
    records.forEach((record, index) => expect(record.payload).toBe(String(index).repeat(3000)));
  });

  it('uses getId for ids and rejects ids that are not strings', async () => {
    const Keyed = z.object({ key: z.number(), name: z.string() });
    const file = join(directory, 'keyed.jsonl');
    const writer = await openJsonlWriter(file, { schema: Keyed, getId: (record) => `k${record.key}` });
    expect(await writer.write({ key: 1, name: 'one' })).toBe(true);
    expect(await writer.write({ key: 1, name: 'uno' })).toBe(false);
    expect(writer.has('k1')).toBe(true);
    await writer.close();
    const error = await openJsonlWriter(file, { schema: Keyed }).catch((caught) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'getId' });
    expect((error as Error).message).toMatch(/keyed\.jsonl:1: the record's id is missing, not a string/);
  });

  it('closes idempotently and rejects writes after close', async () => {
    const file = join(directory, 'items.jsonl');
    const writer = await openJsonlWriter(file, { schema: Item, durability: 'fsync' });
    const pending = writer.write(item('a'));
    const closing = writer.close();
    expect(writer.closed).toBe(true);
    expect(await pending).toBe(true);
    await closing;
    await writer.close();
    const error = await writer.write(item('b')).catch((caught) => caught);
    expect(SwespotError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/items\.jsonl: its JsonlWriter is closed/);
    expect(await readJsonlToArray(file, { schema: Item })).toEqual([item('a')]);
  });

  it('does not start a write whose signal has fired', async () => {
    const file = join(directory, 'items.jsonl');
    const writer = await openJsonlWriter(file, { schema: Item });
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(writer.write(item('a'), { abortSignal: controller.signal })).rejects.toThrow('cancelled');
    expect(writer.has('a')).toBe(false);
    await writer.close();
    expect(await readFile(file, 'utf8')).toBe('');
  });

  it('rejects an unknown durability', async () => {
    const file = join(directory, 'items.jsonl');
    await expect(
      openJsonlWriter(file, { schema: Item, durability: 'always' as unknown as 'fsync' }),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
  });
});

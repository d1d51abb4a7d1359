import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { readJsonl } from './read-jsonl';

const Item = z.object({ id: z.string(), steps: z.array(z.object({ action: z.string() })) });

function line(id: string, action: unknown = 'ls'): string {
  return JSON.stringify({ id, steps: [{ action }] });
}

async function collect<Record>(iterable: AsyncIterable<Record>): Promise<Record[]> {
  const records: Record[] = [];
  for await (const record of iterable) records.push(record);
  return records;
}

describe('readJsonl', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'swespot-read-jsonl-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('yields validated records, ignores blank lines and reports the figures', async () => {
    const file = join(directory, 'items.jsonl');
    await writeFile(file, `${line('a')}\n\n   \n${line('b')}\n${line('c')}\n`);
    const reader = readJsonl(file, { schema: Item });
    expect((await collect(reader)).map((record) => record.id)).toEqual(['a', 'b', 'c']);
    expect(reader.stats).toEqual({
      linesRead: 5,
      recordsYielded: 3,
      blankLines: 2,
      skippedLines: [],
      truncatedTail: undefined,
    });
  });

  it('throws a ValidationError naming the file, 1-based line and zod path', async () => {
    const file = join(directory, 'tasks.jsonl');
    await writeFile(file, `${line('a')}\n${line('b')}\n${line('c', 42)}\n${line('d')}\n`);
    const reader = readJsonl(file, { schema: Item, schemaName: 'TaskInstance' });
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const record of reader) seen.push(record.id);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: invalid TaskInstance:\\n {2}steps\\.0\\.action: .*expected string`),
    );
    expect(error).toMatchObject({ file, line: 3, schema: 'TaskInstance' });
    expect(seen).toEqual(['a', 'b']);
  });

  it('reports a JSON syntax error in a complete line with its file and line', async () => {
    const file = join(directory, 'broken.jsonl');
    await writeFile(file, `${line('a')}\n{"id": "b",\n${line('c')}\n`);
    await expect(collect(readJsonl(file, { schema: Item }))).rejects.toThrow(
      new RegExp(`broken\\.jsonl:2: invalid JSON \\(expected one record per line\\): `),
    );
  });

  it("skips invalid lines with onInvalid: 'skip' and lists them with their line numbers", async () => {
    const file = join(directory, 'mixed.jsonl');
    await writeFile(file, `${line('a')}\nnot json\n${line('b')}\n{"id":1,"steps":[]}\n${line('c')}\n`);
    const reader = readJsonl(file, { schema: Item, onInvalid: 'skip' });
    expect((await collect(reader)).map((record) => record.id)).toEqual(['a', 'b', 'c']);
    expect(reader.stats.recordsYielded).toBe(3);
    expect(reader.stats.linesRead).toBe(5);
    expect(reader.stats.skippedLines.map((skipped) => skipped.line)).toEqual([2, 4]);
    expect(reader.stats.skippedLines[0]?.message).toMatch(/mixed\.jsonl:2: invalid JSON/);
    expect(reader.stats.skippedLines[1]?.issues).toEqual([{ path: 'id', message: expect.stringMatching(/expected string/) }]);
  });

  it('accepts a file whose last line was torn by a killed writer and reports it', async () => {
    const file = join(directory, 'torn.jsonl');
    const complete = `${line('a')}\n${line('b')}\n`;
    await writeFile(file, `${complete}${line('c').slice(0, 9)}`);
    const reader = readJsonl(file, { schema: Item });
    expect((await collect(reader)).map((record) => record.id)).toEqual(['a', 'b']);
    expect(reader.stats.truncatedTail).toEqual({ line: 3, startByte: Buffer.byteLength(complete), byteLength: 9 });
    expect(reader.stats.linesRead).toBe(3);
    expect(reader.stats.skippedLines).toEqual([]);
  });

  it("throws on a torn last line with onTruncatedTail: 'throw'", async () => {
    const file = join(directory, 'torn.jsonl');
    await writeFile(file, `${line('a')}\n{"id":"b","st`);
    const error = await collect(readJsonl(file, { schema: Item, onTruncatedTail: 'throw' })).catch((caught) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ line: 2, file });
    expect((error as Error).message).toMatch(/torn\.jsonl:2: the last line is cut off/);
  });

  it('reads a last line without newline that is a valid record', async () => {
    const file = join(directory, 'no-newline.jsonl');
    await writeFile(file, `${line('a')}\n${line('b')}`);
    const reader = readJsonl(file, { schema: Item });
    expect((await collect(reader)).map((record) => record.id)).toEqual(['a', 'b']);
    expect(reader.stats.truncatedTail).toBeUndefined();
  });

  it('validates an unterminated last line that is JSON but not a valid record', async () => {
    const file = join(directory, 'bad-tail.jsonl');
    await writeFile(file, `${line('a')}\n{"id":"b"}`);
    await expect(collect(readJsonl(file, { schema: Item }))).rejects.toThrow(/bad-tail\.jsonl:2: invalid record:\n {2}steps:/);
  });

  it('streams: stopping early reads only the lines consumed, and a new iteration starts over', async () => {
    const file = join(directory, 'big.jsonl');
    const payload = 'x'.repeat(1000);
    const lines = Array.from({ length: 5000 }, (_, index) => JSON.stringify({ id: `r${index}`, steps: [{ action: payload }] }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const reader = readJsonl(file, { schema: Item });
    for await (const record of reader) {
      expect(record.id).toBe('r0');
      break;
    }
    expect(reader.stats.linesRead).toBe(1);
    expect(await collect(reader)).toHaveLength(5000);
    expect(reader.stats.recordsYielded).toBe(5000);
  });

  it('yields each record as soon as its line arrives, before the file ends (a FIFO)', async () => {
    const fifo = join(directory, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const reader = readJsonl(fifo, { schema: Item });
    const iterator = reader[Symbol.asyncIterator]();
    const first = iterator.next();
    const pipe = createWriteStream(fifo);
    pipe.write(`${line('a')}\n`);
    expect(await first).toEqual({ done: false, value: { id: 'a', steps: [{ action: 'ls' }] } });
    const second = iterator.next();
    pipe.end(`${line('b')}\n`);
    expect((await second).value).toMatchObject({ id: 'b' });
    expect((await iterator.next()).done).toBe(true);
    expect(reader.stats.recordsYielded).toBe(2);
  });

  it('stops with the abort reason when the signal fires', async () => {
    const file = join(directory, 'abort.jsonl');
    await writeFile(file, `${line('a')}\n${line('b')}\n`);
    const controller = new AbortController();
    controller.abort(new Error('stop reading'));
    await expect(collect(readJsonl(file, { schema: Item, abortSignal: controller.signal }))).rejects.toThrow('stop reading');
  });
});

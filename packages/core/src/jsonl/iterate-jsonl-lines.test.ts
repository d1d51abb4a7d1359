import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iterateJsonlLines, type JsonlLine } from './iterate-jsonl-lines';

describe('iterateJsonlLines', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'swespot-jsonl-lines-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function collect(file: string): Promise<JsonlLine[]> {
    const lines: JsonlLine[] = [];
    for await (const line of iterateJsonlLines(file)) lines.push(line);
    return lines;
  }

  it('gives each line its number, byte range and whether it ended with a newline', async () => {
    const file = join(directory, 'a.jsonl');
    await writeFile(file, '\uFEFFab\r\n\nçé\ntail');
    const lines = await collect(file);
    expect(lines).toEqual([
      { text: 'ab', number: 1, terminated: true, startByte: 0, endByte: 7 },
      { text: '', number: 2, terminated: true, startByte: 7, endByte: 8 },
      { text: 'çé', number: 3, terminated: true, startByte: 8, endByte: 13 },
      { text: 'tail', number: 4, terminated: false, startByte: 13, endByte: 17 },
    ]);
  });

  it('decodes multi-byte characters and long lines cut by chunk boundaries', async () => {
    const file = join(directory, 'b.jsonl');
    // 3-byte characters, so a 64 KiB chunk boundary (65536 is not a multiple of 3) splits one.
    const long = '€'.repeat(50_000);
    await writeFile(file, `${long}\nx${long}\n`);
    const lines = await collect(file);
    expect(lines.map((line) => line.text)).toEqual([long, `x${long}`]);
    expect(lines[1]?.startByte).toBe(150_001);
    expect(lines[1]?.endByte).toBe(300_003);
    expect(lines.every((line) => line.terminated)).toBe(true);
  });

  it('yields nothing for an empty file', async () => {
    const file = join(directory, 'empty.jsonl');
    await writeFile(file, '');
    expect(await collect(file)).toEqual([]);
  });
});

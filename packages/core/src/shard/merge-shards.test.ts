import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonlToArray } from '../jsonl/read-jsonl-to-array';
import { exampleQaTask } from '../schemas/__fixtures__/example-records';
import { taskInstanceSchema } from '../schemas/task-instance';
import { selectShard } from './shard-index-of';
import { mergeShards } from './merge-shards';
import { readShardManifest, shardManifestPathFor, writeShardManifest } from './shard-manifest';

const tasks = Array.from({ length: 40 }, (_, index) => ({ ...exampleQaTask(), id: `django__django__qa__${String(index).padStart(4, '0')}` }));

describe('mergeShards', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-merge-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** Writes shard `index` of `count` as a command run with --shard would. */
  async function writeShard(index: number, count: number, options: { status?: 'running' | 'complete'; records?: typeof tasks; name?: string } = {}) {
    const records = options.records ?? selectShard(tasks, { index, count }, (task) => task.id);
    const out = join(folder, options.name ?? `tasks.shard-${index}-of-${count}.jsonl`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    await writeShardManifest({ out, stage: 'bugs synth', shard: { index, count }, schema: 'TaskInstance', keyField: 'id', selected: records.length, status: options.status ?? 'complete' });
    return out;
  }

  it('merges N shards into the unsharded set, each record once, and a second merge adds nothing', async () => {
    for (let index = 0; index < 7; index += 1) await writeShard(index, 7);
    const manifest = await readShardManifest(shardManifestPathFor(join(folder, 'tasks.shard-2-of-7.jsonl')));
    expect(manifest).toMatchObject({ type: 'shard-manifest', shard: { index: 2, count: 7 }, records: { file: 'tasks.shard-2-of-7.jsonl', schema: 'TaskInstance' } });
    const out = join(folder, 'merged', 'tasks.jsonl');
    const result = await mergeShards({ inputs: [folder], out });
    expect(result).toMatchObject({ stage: 'bugs synth', schema: 'TaskInstance', shardCount: 7, written: 40, skipped: 0 });
    expect(result.recordsPerShard.reduce((a, b) => a + b, 0)).toBe(40);
    const merged = await readJsonlToArray(out, { schema: taskInstanceSchema });
    expect(merged.map((task) => task.id).sort()).toEqual(tasks.map((task) => task.id));
    expect(await mergeShards({ inputs: [folder], out })).toMatchObject({ written: 0, skipped: 40 });
  });

  it('finds manifests one folder down (stages whose --out is a folder per shard)', async () => {
    for (let index = 0; index < 3; index += 1) await writeShard(index, 3, { name: `shard-${index}/results.jsonl` });
    const out = join(folder, 'merged.jsonl');
    expect(await mergeShards({ inputs: [folder], out })).toMatchObject({ shardCount: 3, written: 40 });
  });

  it('names a missing shard, a doubled shard, an unfinished shard and shards of different runs', async () => {
    const out = join(folder, 'merged.jsonl');
    for (const index of [0, 1, 3, 4, 6]) await writeShard(index, 7);
    await expect(mergeShards({ inputs: [folder], out })).rejects.toThrow('merge: missing shards 2, 5 of 7: no manifest for them among the inputs; run them with --shard 2/7 etc.');
    await writeShard(2, 7);
    await writeShard(5, 7, { status: 'running' });
    await expect(mergeShards({ inputs: [folder], out })).rejects.toThrow(/shard 5 of 7 \(.*tasks\.shard-5-of-7\.shard\.json\) did not finish \(status running/);
    await writeShard(5, 7);
    await writeShard(5, 7, { name: 'copy-of-5.jsonl' });
    await expect(mergeShards({ inputs: [folder], out })).rejects.toThrow(/shard 5 of 7 appears twice: .*copy-of-5.shard.json and .*tasks.shard-5-of-7.shard.json/);
    await rm(join(folder, 'copy-of-5.shard.json'));
    await writeShard(0, 3, { name: 'other-run.jsonl' });
    await expect(mergeShards({ inputs: [join(folder, 'tasks.shard-0-of-7.jsonl'), join(folder, 'other-run.jsonl')], out })).rejects.toThrow('the shards do not belong together');
    await expect(mergeShards({ inputs: [join(folder, 'nothing-here')], out })).rejects.toThrow('does not exist');
    // Nothing was written by a refused merge.
    await expect(readFile(out)).rejects.toThrow('ENOENT');
  });

  it('refuses a record in two shards and a record in the wrong shard', async () => {
    const out = join(folder, 'merged.jsonl');
    const shard0 = selectShard(tasks, { index: 0, count: 3 }, (task) => task.id);
    const shard1 = selectShard(tasks, { index: 1, count: 3 }, (task) => task.id);
    await writeShard(0, 3);
    await writeShard(1, 3, { records: [...shard1, shard1[0]!] });
    await writeShard(2, 3);
    await expect(mergeShards({ inputs: [folder], out })).rejects.toThrow(new RegExp(`merge: duplicate record id '${shard1[0]!.id}' in .*tasks.shard-1-of-3.jsonl \\(record 1\\) and .*tasks.shard-1-of-3.jsonl \\(record ${shard1.length + 1}\\)`));
    await writeShard(1, 3, { records: [...shard1, shard0[0]!] });
    await expect(mergeShards({ inputs: [folder], out })).rejects.toThrow(`which belongs to shard 0 of 3, not 1; the shards overlap`);
  });

  it('validates every record with the schema the manifest names, naming file, line and field', async () => {
    const out = join(folder, 'merged.jsonl');
    await writeShard(0, 1, { records: [tasks[0]!, { ...tasks[1]!, question: '' }] });
    await expect(mergeShards({ inputs: [join(folder, 'tasks.shard-0-of-1.jsonl')], out })).rejects.toThrow(/tasks\.shard-0-of-1\.jsonl:2: invalid TaskInstance:[\s\S]*question/);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTrainJobDatasets } from './check-train-job-datasets';
import { loadTrainJob } from './load-train-job';
import { planTrainJob } from './plan-train-job';

const row = (answer: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'fix the bug' }, { role: 'assistant', content: answer, ...extra }] });

describe('checkTrainJobDatasets', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-data-'));
    await mkdir(join(folder, 'data'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function job(set: string[] = [], swiftVersion?: string) {
    return (await loadTrainJob({ preset: 'swespot-4b', swiftVersion, set: ['datasets=[data/a.jsonl#2048, data/b.jsonl]', ...set] })).job;
  }

  it('counts rows after #N sampling and warns when #N repeats the file', async () => {
    await writeFile(join(folder, 'data/a.jsonl'), `${row('one')}\n${row('two')}\n`);
    await writeFile(join(folder, 'data/b.jsonl'), `${row('three')}\n\n${row('four')}\n${row('five')}\n`);
    const check = await checkTrainJobDatasets(await job(), { baseDirectory: folder });
    expect(check.errors).toEqual([]);
    expect(check.datasets.map((dataset) => [dataset.rows, dataset.sampledRows])).toEqual([[2, 2048], [3, 3]]);
    expect(check.totalRows).toBe(2051);
    expect(check.warnings[0]?.message).toContain('repeats the file 1024× and adds 0 random repeats');
  });

  it('names a missing file and each invalid line with file:line and the field', async () => {
    await writeFile(join(folder, 'data/a.jsonl'), `${row('ok')}\n{"messages": [{"role": "user", "content": "q"}, {"role": "robot", "content": "a"}]}\nnot json\n${row('x', { turn_mask: true })}\n`);
    const check = await checkTrainJobDatasets(await job(), { baseDirectory: folder });
    const file = join(folder, 'data/a.jsonl');
    expect(check.errors.map((error) => error.path)).toEqual(['datasets.0', 'datasets.0', 'datasets.0', 'datasets.1']);
    expect(check.errors[0]?.message).toMatch(new RegExp(`^${file}:2: .*messages\\.1\\.role`));
    expect(check.errors[1]?.message).toContain(`${file}:3:`);
    expect(check.errors[2]?.message).toMatch(/:4: .*turn_mask/);
    expect(check.errors[3]?.message).toContain(`${join(folder, 'data/b.jsonl')} does not exist`);
  });

  it('rejects per-message loss_scale below ms-swift 4.2 and accepts it from 4.2', async () => {
    await writeFile(join(folder, 'data/a.jsonl'), `${row('ok')}\n${row('weighted', { loss_scale: 0.5 })}\n`);
    await writeFile(join(folder, 'data/b.jsonl'), `${row('ok')}\n`);
    const old = await checkTrainJobDatasets(await job([], '4.1'), { baseDirectory: folder });
    expect(old.errors).toEqual([{ path: 'datasets.0', message: expect.stringContaining(':2: per-message loss_scale needs ms-swift >= 4.2') }]);
    expect((await checkTrainJobDatasets(await job([], '4.2'), { baseDirectory: folder })).errors).toEqual([]);
  });

  it('plans the paper job: 8,192 rows, 1,024 steps, nothing written when a dataset is bad', async () => {
    const units = ['software-design', 'contextual-implementation', 'evolutionary-replay', 'semantic-runtime-alignment'];
    for (const unit of units) await writeFile(join(folder, `data/${unit}.jsonl`), `${row(unit)}\n`.repeat(1895));
    const { job: paper } = await loadTrainJob({ preset: 'swespot-4b' });
    const plan = await planTrainJob(paper, { baseDirectory: folder });
    expect(plan.datasets?.totalRows).toBe(8192);
    expect(plan.trainIterations).toBe(1024);
    expect(plan.summaryLines.join('\n')).toMatch(/total per GPU +90\.\d GiB of 140\.4 GiB/);
    await writeFile(join(folder, 'data/software-design.jsonl'), '{"messages": []}\n');
    await expect(planTrainJob(paper, { baseDirectory: folder })).rejects.toThrow(/datasets\.0: .*software-design\.jsonl:1: /);
  });
});

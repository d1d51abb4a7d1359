import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTrainJob } from './load-train-job';

describe('loadTrainJob', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-job-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function issuesOf(promise: Promise<unknown>) {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    return (error as InvalidConfigError).issues;
  }

  it('reads job.yaml, keeps swiftVersion 3.10 as written, parses path#N and resolves against the file', async () => {
    await writeFile(
      join(folder, 'job.yaml'),
      ['name: my-run', 'swiftVersion: 3.10', 'model: { id: Qwen/Qwen3-4B-Instruct-2507 }', 'datasets: [data/a.jsonl#100, { path: data/b.jsonl }]', 'epochs: 1', 'sequence: { maxLength: 8192 }', 'output: { dir: out }', 'cluster: { gpusPerNode: 8, gpuType: H100 }'].join('\n'),
    );
    const { job, baseDirectory } = await loadTrainJob({ file: 'job.yaml', cwd: folder, set: ['batch.global=64', 'tuner={type: lora, rank: 16}'] });
    expect(baseDirectory).toBe(folder);
    expect(job.swiftVersion).toBe('3.10');
    expect(job.datasets).toEqual([{ path: 'data/a.jsonl', samples: 100 }, { path: 'data/b.jsonl' }]);
    expect(job.batch).toEqual({ global: 64, micro: 1 });
    expect(job.tuner).toEqual({ type: 'lora', rank: 16, alpha: 32, targets: ['all-linear'] });
    expect(job.recompute.granularity).toBe('selective');
  });

  it('applies --set over a preset, reading a version-looking value as text', async () => {
    const { job } = await loadTrainJob({ preset: 'swespot-4b', set: ['swiftVersion=3.10', 'cluster.nodes=4', 'datasets.1=other.jsonl#10', 'logging.wandb='] });
    expect(job.swiftVersion).toBe('3.10');
    expect(job.cluster.nodes).toBe(4);
    expect(job.datasets[1]).toEqual({ path: 'other.jsonl', samples: 10 });
    expect(job.logging.wandb).toBeUndefined();
  });

  it('reports every issue as path: message, with the file', async () => {
    await writeFile(join(folder, 'job.yaml'), 'model: { id: x }\ndatasets: []\nepochs: 1\niterations: 5\nbatchh: 3\nsequence: { maxLength: -1 }\noutput: { dir: o }\ncluster: { gpusPerNode: 2 }\n');
    const issues = await issuesOf(loadTrainJob({ file: join(folder, 'job.yaml') }));
    expect(issues.map((issue) => issue.path).sort()).toEqual(['', 'cluster.gpuMemoryGiB', 'datasets', 'epochs', 'sequence.maxLength'].sort());
    expect(issues.find((issue) => issue.path === '')?.message).toContain('batchh');
  });

  it('names a YAML syntax error line, an unknown preset and a malformed --set', async () => {
    await writeFile(join(folder, 'bad.yaml'), 'model:\n  id: [unclosed\n');
    expect((await issuesOf(loadTrainJob({ file: join(folder, 'bad.yaml') })))[0]?.message).toMatch(/^line \d+:/);
    expect((await issuesOf(loadTrainJob({ preset: 'nope' })))[0]?.message).toContain('choose one of swespot-4b, swespot-4b-lora, swe-lego-8b');
    expect((await issuesOf(loadTrainJob({ preset: 'swespot-4b', set: ['novalue'] })))[0]?.message).toContain('write key=value');
    expect((await issuesOf(loadTrainJob({}))).length).toBe(1);
  });
});

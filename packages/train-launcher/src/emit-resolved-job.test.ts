import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitResolvedJob } from './emit-resolved-job';
import { loadTrainJob } from './load-train-job';

describe('emitResolvedJob', () => {
  it('writes a job.yaml that loads back to the same job, version text included', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'swespot-resolved-'));
    try {
      for (const preset of ['swespot-4b', 'swespot-4b-lora', 'swe-lego-8b']) {
        const { job } = await loadTrainJob({ preset, swiftVersion: '3.10' });
        const file = emitResolvedJob(job);
        await writeFile(join(folder, file.path), file.content);
        expect((await loadTrainJob({ file: join(folder, file.path) })).job).toEqual(job);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { resolveCpusPerTask, slurmTimeLimitSeconds } from './cluster-resources';
import { loadTrainJob } from './load-train-job';

describe('cluster resources', () => {
  it('reads every sbatch --time form as seconds', () => {
    expect(slurmTimeLimitSeconds('90')).toBe(5_400); // minutes
    expect(slurmTimeLimitSeconds('90:30')).toBe(5_430); // minutes:seconds
    expect(slurmTimeLimitSeconds('12:00:00')).toBe(43_200); // hours:minutes:seconds
    expect(slurmTimeLimitSeconds('2-12')).toBe(216_000); // days-hours
    expect(slurmTimeLimitSeconds('1-02:30')).toBe(95_400); // days-hours:minutes
    expect(slurmTimeLimitSeconds('2-00:00:00')).toBe(172_800); // days-hours:minutes:seconds
  });

  it('asks for 8 CPUs per GPU unless cpusPerTask is set', async () => {
    const { job } = await loadTrainJob({ preset: 'swe-lego-8b' });
    expect(resolveCpusPerTask(job.cluster)).toBe(64);
    expect(resolveCpusPerTask({ ...job.cluster, cpusPerTask: 100 })).toBe(100);
  });
});

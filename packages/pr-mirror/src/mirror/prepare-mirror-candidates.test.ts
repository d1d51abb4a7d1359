import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shardIndexOf } from '@swespot/core';
import { createSnapshot } from '@swespot/repo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalcRepository, CALC_CUTOFF } from '../test/build-calc-repository';
import { prepareMirrorCandidates } from './prepare-mirror-candidates';

const made: string[] = [];
let snapshotDirectory: string;

beforeAll(async () => {
  const repository = await buildCalcRepository();
  const work = await mkdtemp(join(tmpdir(), 'swespot-mirror-shard-'));
  made.push(repository, work);
  snapshotDirectory = (await createSnapshot({ repo: repository, cutoff: CALC_CUTOFF, history: 'truncated', into: join(work, 'snapshot') })).directory;
});

afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

describe('prepareMirrorCandidates with a shard', () => {
  it('splits the sample by instance id before mirroring: the shards of 3 together are the unsharded candidates, each once', async () => {
    const prepare = (shard?: { index: number; count: number }) =>
      prepareMirrorCandidates({ snapshotDirectory, repo: 'acme/calc', cutoff: CALC_CUTOFF, limit: 3, seed: 1, ...(shard ? { shard } : {}) });
    const whole = await prepare();
    expect(whole.funnel.shard).toBeUndefined();
    expect(whole.funnel.sampled).toBe(3);
    const ids = whole.candidates.map((candidate) => candidate.id).sort();
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const union: string[] = [];
    let selected = 0;
    let mirrored = 0;
    for (let index = 0; index < 3; index += 1) {
      const part = await prepare({ index, count: 3 });
      // The sample is the same in every shard; the counts after it are the shard's.
      expect(part.funnel).toMatchObject({ mined: whole.funnel.mined, kept: whole.funnel.kept, sampled: 3, shard: { index, count: 3 } });
      for (const candidate of part.candidates) expect(shardIndexOf(candidate.id, 3)).toBe(index);
      union.push(...part.candidates.map((candidate) => candidate.id));
      selected += part.funnel.shard!.selected;
      mirrored += part.funnel.mirroredDirectly + part.funnel.mirroredByModel + part.funnel.mirrorFailed;
    }
    expect(union.sort()).toEqual(ids);
    expect(selected).toBe(3);
    expect(mirrored).toBe(3);
  });
});

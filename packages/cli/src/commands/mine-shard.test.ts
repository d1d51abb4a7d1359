import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readShardManifest } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;

async function swespot(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '', ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) } });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

/** A record without the fields that say when it was made (a validated bug's provenance.createdAt, durations), which differ run to run. */
function withoutTimings(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((inner) => withoutTimings(inner));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !/(Ms|Seconds|timings)$/.test(key) && !(parent === 'provenance' && key === 'createdAt'))
      .map(([key, inner]) => [key, withoutTimings(inner, key)]),
  );
}

async function recordsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.stringify(withoutTimings(JSON.parse(line)))).sort();
}

const UNITS = ['design', 'fim', 'mirror', 'synth', 'repro'] as const;
// Small: the sample repository, 3 per unit, 6 synthetic attempts; the environment image is cached by content.
const MINE = ['mine', '--count', '3', '--units', UNITS.join(','), '--synth-attempts', '6', '--sandbox', 'docker', '--no-progress'];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'swespot-cli-mine-shard-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('swespot mine --shard', () => {
  it('refuses --shard with the synth unit but no --synth-attempts, saying why', async () => {
    const result = await swespot(['mine', '--units', 'design,synth', '--shard', '0/2', '--out', 'runs/refused']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--shard with the synth unit needs --synth-attempts N: stopping at --count kept bugs is sequential');
    const bad = await swespot(['mine', '--units', 'design', '--shard', '2/2', '--out', 'runs/refused']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--shard: the shard index must be less than the shard count');
  });

  it('3 shards of the sample repository, each merged per unit, hold exactly the unsharded run\'s tasks, each once', async () => {
    const whole = await swespot([...MINE, '--out', 'runs/whole']);
    expect(whole.exitCode, whole.stderr).toBe(0);
    const shards = [0, 1, 2].map((index) => `runs/shard-${index}`);
    for (const [index, out] of shards.entries()) {
      const shard = await swespot([...MINE, '--shard', `${index}/3`, '--out', out]);
      expect(shard.exitCode, shard.stderr).toBe(0);
      expect(shard.stderr).toContain(`shard ${index} of 3: manifests beside tasks/design.jsonl`);
    }
    for (const unit of UNITS) {
      const expected = await recordsOf(join(folder, 'runs/whole/tasks', `${unit}.jsonl`));
      const manifests = shards.map((out) => join(out, 'tasks', `${unit}.shard.json`));
      for (const manifest of manifests) expect((await readShardManifest(join(folder, manifest))).status, `${manifest}`).toBe('complete');
      const merged = await swespot(['merge', ...manifests, '--out', `merged/${unit}.jsonl`]);
      expect(merged.exitCode, merged.stderr).toBe(0);
      expect(merged.stdout).toContain(`merged 3 shards of mine ${unit}`);
      const got = await recordsOf(join(folder, 'merged', `${unit}.jsonl`));
      // Every unit has work in the sample (the union must not be vacuously equal).
      expect(expected.length, unit).toBeGreaterThan(0);
      expect(got.map((line) => (JSON.parse(line) as { id: string }).id), unit).toEqual(expected.map((line) => (JSON.parse(line) as { id: string }).id));
      expect(got, unit).toEqual(expected);
    }
    // The work really was split: no shard holds every design probe.
    const perShard = await Promise.all(shards.map((out) => recordsOf(join(folder, out, 'tasks', 'design.jsonl'))));
    expect(perShard.every((records) => records.length < 3)).toBe(true);
  }, 1_200_000);
});

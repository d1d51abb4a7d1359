import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readJsonlToArray, readShardManifest, shardIndexOf, taskInstanceSchema, type TaskInstance } from '@swespot/core';
import { buildCalcRepository, CALC_CUTOFF } from '@swespot/pr-mirror/test';
import { installSlurmStubs } from '@swespot/train-launcher/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const exec = promisify(execFile);
const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'bin.js');

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;

async function swespot(argv: string[], abortSignal?: AbortSignal) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' }, ...(abortSignal ? { abortSignal } : {}) });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

// The mirror arguments every run shares: the calc sample (relaxed preset: 4 PRs kept, #3
// fails to mirror without a model), validated in the one environment built in beforeAll.
const mirrorArgs = ['calc', '--cutoff', CALC_CUTOFF, '--deps', 'offline-debian', '--environment', 'environment.json', '--repo-name', 'acme/calc', '--no-progress'];

/** A record without what differs between two runs of the same validation (when and how long). */
function essence(task: TaskInstance): string {
  const copy = structuredClone(task) as Record<string, any>;
  delete copy.provenance.createdAt;
  delete copy.metadata?.validation?.timings;
  return JSON.stringify(copy);
}

async function recordsOf(file: string): Promise<TaskInstance[]> {
  return readJsonlToArray(join(folder, file), { schema: taskInstanceSchema });
}

let expected: string[];
let expectedIds: string[];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'swespot-cli-mirror-shard-'));
  const repository = await buildCalcRepository();
  await cp(repository, join(folder, 'calc'), { recursive: true });
  await rm(repository, { recursive: true, force: true });
  // One environment build, reused by every run through --environment.
  const built = await swespot(['env', 'build', 'calc', '--cutoff', CALC_CUTOFF, '--deps', 'offline-debian', '--out', 'environment.json']);
  expect(built.exitCode, built.stderr).toBe(0);
  const whole = await swespot(['mirror', ...mirrorArgs, '--out', 'whole/bugs.jsonl', '--json']);
  expect(whole.exitCode, whole.stderr).toBe(0);
  expect(JSON.parse(whole.stdout).shard).toBeUndefined();
  const records = await recordsOf('whole/bugs.jsonl');
  expected = records.map(essence).sort();
  expectedIds = records.map((task) => task.id).sort();
  // #1 and #2 are caught by their tests; #4 only renames (no test fails) and #3 does not mirror.
  expect(expectedIds).toEqual(['acme__calc.pr-mirror.1', 'acme__calc.pr-mirror.2']);
}, 1_800_000);

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('swespot mirror --shard', () => {
  it('counts only its shard with --no-validate and writes nothing', async () => {
    const counted = await swespot(['mirror', ...mirrorArgs, '--no-validate', '--shard', '0/3']);
    expect(counted.exitCode, counted.stderr).toBe(0);
    // #2 and #4 hash to shard 0 of 3, #1 and #3 to shard 2; shard 1 is empty.
    expect(counted.stdout).toMatch(/\nsampled +4 \(shard 0 of 3: 2\)\nmirrored +2 directly, 0 by model, 0 failed\n/);
    const json = JSON.parse((await swespot(['mirror', ...mirrorArgs, '--no-validate', '--shard', '2/3', '--json'])).stdout);
    expect(json.shard).toEqual({ index: 2, count: 3, selected: 2, sampled: 4 });
    expect(json.funnel).toMatchObject({ sampled: 4, mirroredDirectly: 1, mirrorFailed: 1 });
    const bad = await swespot(['mirror', ...mirrorArgs, '--no-validate', '--shard', '3/3']);
    expect(bad).toMatchObject({ exitCode: 1, stderr: "--shard: the shard index must be less than the shard count (3 is not < 3; shards of 3 are numbered 0 to 2); got '3/3'\n" });
  });

  it('7 shards merge into exactly the unsharded records; merge names a missing shard', async () => {
    for (let index = 0; index < 7; index += 1) {
      const result = await swespot(['mirror', ...mirrorArgs, '--out', `n7/shard-${index}.jsonl`, '--shard', `${index}/7`, '--json']);
      expect(result.exitCode, result.stderr).toBe(0);
      const shard = JSON.parse(result.stdout).shard;
      expect(shard).toMatchObject({ index, count: 7, sampled: 4, status: 'complete' });
      expect(result.stderr).toContain(`shard ${index} of 7: ${shard.selected} of 4 sampled pull requests`);
      expect(await readShardManifest(join(folder, `n7/shard-${index}.shard.json`))).toMatchObject({ stage: 'mirror', shard: { index, count: 7 }, records: { schema: 'TaskInstance', keyField: 'id' }, selected: shard.selected, status: 'complete' });
      for (const task of await recordsOf(`n7/shard-${index}.jsonl`)) expect(shardIndexOf(task.id, 7)).toBe(index);
    }
    const merged = await swespot(['merge', 'n7', '--out', 'merged-7.jsonl']);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toMatch(/^merged 7 shards of mirror \(2 TaskInstance records; per shard [\d, ]+\): 2 written to merged-7.jsonl, 0 already there\n$/);
    expect((await recordsOf('merged-7.jsonl')).map(essence).sort()).toEqual(expected);

    await mkdir(join(folder, 'partial'));
    for (const index of [0, 1, 2, 4, 5, 6]) {
      for (const extension of ['jsonl', 'shard.json']) await cp(join(folder, `n7/shard-${index}.${extension}`), join(folder, `partial/shard-${index}.${extension}`));
    }
    const missing = await swespot(['merge', 'partial', '--out', 'partial.jsonl']);
    expect(missing).toMatchObject({ exitCode: 1, stderr: 'merge: missing shard 3 of 7: no manifest for it among the inputs; run it with --shard 3/7 (into the same run folder) and merge again.\n' });
    expect(existsSync(join(folder, 'partial.jsonl'))).toBe(false);
  }, 1_800_000);

  it('a shard aborted mid-validation is refused by merge, and run again completes it without duplicates (1 shard)', async () => {
    const args = ['mirror', ...mirrorArgs, '--out', 'n1/shard-0.jsonl', '--shard', '0/1', '--concurrency', '1'];
    const controller = new AbortController();
    const lines = async () => (await readFile(join(folder, 'n1/shard-0.jsonl'), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '').length;
    // One candidate at a time: abort once the first bug is written, while another is validated.
    const watcher = (async () => {
      while (!controller.signal.aborted && (await lines()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
    })();
    const aborted = await swespot(args, controller.signal);
    controller.abort();
    await watcher;
    expect(aborted.exitCode).toBe(130);
    expect(await lines()).toBe(1);
    expect(await readShardManifest(join(folder, 'n1/shard-0.shard.json'))).toMatchObject({ shard: { index: 0, count: 1 }, selected: 4, status: 'running' });
    const refused = await swespot(['merge', 'n1', '--out', 'merged-1.jsonl']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^merge: shard 0 of 1 \(.*n1\/shard-0.shard.json\) did not finish \(status running/);

    const again = await swespot([...args, '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ shard: { index: 0, count: 1, status: 'complete' }, validation: { written: 1, skipped: 1 } });
    const merged = await swespot(['merge', 'n1', '--out', 'merged-1.jsonl']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const records = await recordsOf('merged-1.jsonl');
    expect(records.map((task) => task.id).sort()).toEqual(expectedIds);
    expect(records.map(essence).sort()).toEqual(expected);
  }, 1_800_000);

  it('the Slurm job array of `scale emit --stage validate` runs 3 mirror shards (stub sbatch/srun, the built swespot) and merges them into the unsharded records', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    // How the cluster nodes call swespot: here, the built CLI of this checkout.
    const program = join(folder, 'swespot');
    await writeFile(program, `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"\n`);
    await chmod(program, 0o755);
    const emitted = await swespot(['scale', 'emit', '--stage', 'validate', '--target', 'slurm', '--shards', '3', '--run-dir', folder, '--out', 'job', '--swespot', program, '--retries', '0', '--', ...mirrorArgs]);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    const script = await readFile(join(folder, 'job', 'shards.sbatch'), 'utf8');
    expect(script).toContain('mirror calc --cutoff');
    expect(script).toContain('--shard "${shard}"/3 --out validate/shard-"${shard}".jsonl');
    const stubs = await installSlurmStubs(join(folder, 'slurm'));
    await exec('bash', [join(folder, 'job', 'submit.sh')], { env: { PATH: `${stubs.binDirectory}:${process.env.PATH}`, STUB_RECORD_DIR: stubs.recordDirectory, HOME: folder } });
    for (let index = 0; index < 3; index += 1) {
      expect(await readShardManifest(join(folder, `validate/shard-${index}.shard.json`))).toMatchObject({ stage: 'mirror', shard: { index, count: 3 }, status: 'complete', selected: [2, 0, 2][index] });
    }
    const merged = await recordsOf('bugs.jsonl');
    expect(merged.map((task) => task.id).sort()).toEqual(expectedIds);
    expect(merged.map(essence).sort()).toEqual(expected);
  }, 1_800_000);
});

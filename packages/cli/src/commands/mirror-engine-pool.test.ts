import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { startSecondDockerEngine, type SecondDockerEngine } from '@swespot-tools/test-docker-engine';
import { bugfixTaskSchema } from '@swespot/core';
import { buildCalcRepository, CALC_CUTOFF } from '@swespot/pr-mirror/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

/** The bugfix records of a JSONL file by id (written as validations finish), without when they were made and how long their test runs took. */
function records(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => bugfixTaskSchema.parse(JSON.parse(line, (key, value: unknown) => (key === 'timings' ? undefined : value))))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((task) => ({ ...task, provenance: { ...task.provenance, createdAt: '' } }));
}

// Bug validation (`swespot mirror`) over a pool of two Docker engines: the machine's and a
// second one started here. The environment image is built on the first engine and copied to
// the second by the pool; once it is there, validation sessions run on both.
describe('swespot mirror --docker-host (validation over a pool of engines)', () => {
  let folder: string;
  let engine: SecondDockerEngine;
  /** The docker command line against the second engine. */
  const onSecond = async (...args: string[]) => (await promisify(execFile)('docker', ['-H', engine.host, ...args])).stdout;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'swespot-cli-mirror-pool-'));
    const repository = await buildCalcRepository();
    await cp(repository, join(folder, 'calc'), { recursive: true });
    rmSync(repository, { recursive: true, force: true });
    engine = await startSecondDockerEngine();
  }, 300_000);

  afterAll(async () => {
    await engine?.stop();
    rmSync(folder, { recursive: true, force: true });
  }, 120_000);

  /** Runs swespot in the test folder, on the machine's engine alone or (pool) on both engines. */
  async function swespot(args: readonly string[], pool: boolean): Promise<string> {
    const stdout = capture();
    const stderr = capture();
    const engines = pool ? ['--docker-host', 'unix:///var/run/docker.sock', '--docker-host', engine.host] : [];
    const exitCode = await runCli([...args, ...engines], { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
    expect(exitCode, stderr.text()).toBe(0);
    return stdout.text();
  }

  async function mirror(out: string, pool: boolean) {
    const stdout = await swespot(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--deps', 'offline-debian', '--concurrency', '4', '--repo-name', 'acme/calc', '--out', out, '--no-progress', '--json'], pool);
    return JSON.parse(stdout) as { environment?: { image?: string }; validation: { outcomes: Record<string, number> } };
  }

  /** The containers created on the second engine while `run` ran (from its event log). */
  async function createdOnSecondDuring(run: () => Promise<unknown>): Promise<string[]> {
    const since = String(Math.floor(Date.now() / 1000) - 1);
    await run();
    const until = String(Math.floor(Date.now() / 1000) + 1);
    return (await onSecond('events', '--since', since, '--until', until, '--filter', 'type=container', '--filter', 'event=create', '--format', '{{.ID}}')).trim().split('\n').filter(Boolean);
  }

  it('copies the environment image to the second engine, then validates there too, with the records of a one-engine run', async () => {
    const alone = await mirror('alone.jsonl', false);
    const expected = records(join(folder, 'alone.jsonl'));
    expect(expected.length).toBeGreaterThan(0);

    // The first pooled run finds the second engine without the image: its sessions stay on the
    // machine's engine, and the pool copies the image over in the background.
    await mirror('pool-1.jsonl', true);
    expect(records(join(folder, 'pool-1.jsonl'))).toEqual(expected);
    const image = readFileSync(join(folder, 'pool-1.jsonl'), 'utf8').match(/"image":"([^"]+)"/)?.[1];
    expect(image, 'the records name their environment image').toBeDefined();
    const deadline = Date.now() + 240_000;
    while (!(await onSecond('image', 'inspect', image!).then(() => true, () => false))) {
      expect(Date.now(), `${image} did not reach the second engine within 4 minutes`).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // Now both engines have it: validation sessions (containers) are made on the second engine too.
    const created = await createdOnSecondDuring(() => mirror('pool-2.jsonl', true));
    expect(created.length, 'sessions on the second engine').toBeGreaterThan(0);
    expect(records(join(folder, 'pool-2.jsonl'))).toEqual(expected);
    expect(alone.validation.outcomes).toBeDefined();
  }, 900_000);

  // After the test above, both engines have the environment image.
  it('bugs synth validates over the pool as well, with the records of a one-engine run', async () => {
    const synth = (out: string, pool: boolean) =>
      swespot(['bugs', 'synth', 'calc', '--cutoff', CALC_CUTOFF, '--strategies', 'procedural', '--attempts', '6', '--seed', '1', '--deps', 'offline-debian', '--concurrency', '4', '--repo-name', 'acme/calc', '--out', out, '--no-progress'], pool);
    await synth('synth-alone.jsonl', false);
    const expected = records(join(folder, 'synth-alone.jsonl'));
    expect(expected.length).toBeGreaterThan(0);
    const created = await createdOnSecondDuring(() => synth('synth-pool.jsonl', true));
    expect(created.length, 'sessions on the second engine').toBeGreaterThan(0);
    expect(records(join(folder, 'synth-pool.jsonl'))).toEqual(expected);
  }, 900_000);
});

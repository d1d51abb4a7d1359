import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { bugfixTaskSchema } from '@swespot/core';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';
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
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-bugs-'));
  await createSampleRepository({ directory: join(folder, 'tinyshop') });
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('swespot bugs synth', () => {
  it('--no-validate: makes and counts procedural candidates, the same for a seed, and writes nothing', async () => {
    const args = ['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--no-validate', '--count', '5', '--seed', '2', '--strategies', 'procedural', '--repo-name', 'tinyshop-dev/tinyshop', '--no-progress', '--json'];
    const first = await swespot(args);
    expect(first.exitCode, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ repo: 'tinyshop-dev/tinyshop', validated: false, out: null, written: 0, strategies: ['procedural'] });
    expect(report.targets).toBeGreaterThanOrEqual(10);
    expect(report.yields.procedural).toMatchObject({ tried: 5, parsed: 5, kept: 0 });
    const again = await swespot(args);
    expect(JSON.parse(again.stdout).yields).toEqual(report.yields);
    const text = await swespot(args.filter((arg) => arg !== '--json'));
    expect(text.stdout).toMatch(/procedural +tried 5, parsed 5, candidates 5 \(not validated\)/);
  });

  it('refuses an unknown strategy and a model strategy without --model', async () => {
    const unknown = await swespot(['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--no-validate', '--strategies', 'procedural,fuzz']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/--strategies: unknown "fuzz"; choose from procedural,llm-modify,llm-rewrite,combine/);
    const noModel = await swespot(['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--no-validate', '--strategies', 'llm-rewrite']);
    expect(noModel.exitCode).toBe(2);
    expect(noModel.stderr).toMatch(/llm-rewrite needs --model PROVIDER:MODEL/);
    const noOut = await swespot(['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF]);
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr).toMatch(/required option '--out <file>'/);
  });

  it('validates in Docker (offline-debian) and writes bugfix instances with the yield per strategy', async () => {
    const run = await swespot(['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--strategies', 'procedural', '--count', '2', '--seed', '1', '--deps', 'offline-debian', '--repo-name', 'tinyshop-dev/tinyshop', '--out', 'bugs.jsonl', '--no-progress']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/procedural +tried \d+, parsed \d+, validated \d+, changed behaviour \d+, kept 2/);
    expect(run.stdout).toMatch(/s per kept instance, [\d.]+ kept per hour/);
    const tasks = readFileSync(join(folder, 'bugs.jsonl'), 'utf8').trim().split('\n').map((line) => bugfixTaskSchema.parse(JSON.parse(line)));
    expect(tasks).toHaveLength(2);
    for (const task of tasks) {
      expect(task.bugOrigin).toMatchObject({ type: 'synthetic', strategy: expect.stringMatching(/^procedural\//) });
      expect(task.failToPass.length).toBeGreaterThan(0);
    }
  });
});

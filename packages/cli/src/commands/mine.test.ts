import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { designTaskSchema, fimTaskSchema, mineSummarySchema, type MineSummary } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const packageFolder = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(packageFolder, 'dist', 'bin.js');

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

/** The records of every task file of a run folder, sorted, by file. */
async function records(run: string): Promise<Record<string, string[]>> {
  const files = (await readdir(join(run, 'tasks'))).sort();
  const result: Record<string, string[]> = {};
  for (const file of files) result[file] = (await readFile(join(run, 'tasks', file), 'utf8')).split('\n').filter(Boolean).sort();
  return result;
}

// Small counts: the sample repository has few targets anyway, and CI time is shared.
const MINE = ['mine', '--count', '6', '--units', 'design,fim,mirror,synth,repro', '--sandbox', 'docker', '--no-progress'];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'swespot-cli-mine-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('swespot mine', () => {
  it('mines the built-in sample repository end to end in Docker into one run folder with a summary, and a rerun adds nothing', async () => {
    const first = await swespot([...MINE, '--out', 'runs/sample']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^mine runs\/sample: tinyshop-dev\/tinyshop at [0-9a-f]{12} \(cutoff 2024-06-01/);
    expect(first.stdout).toMatch(/skipped teacher rollouts and the ms-swift export: no --teacher/);
    const run = join(folder, 'runs', 'sample');
    const summary: MineSummary = mineSummarySchema.parse(JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')));
    expect(summary.repository).toMatchObject({ name: 'tinyshop-dev/tinyshop', sample: true });
    expect(summary.stages.map((stage) => stage.name)).toEqual(['sample', 'snapshot', 'index', 'environment', 'design', 'fim', 'mirror', 'synth', 'repro', 'rollout', 'export']);
    const environment = summary.stages.find((stage) => stage.name === 'environment')!;
    // The sample's suite at the cutoff, built offline from Debian's pytest.
    expect(environment).toMatchObject({ status: 'done', counts: { tests: 22, passed: 22, failed: 0 } });
    expect(summary.stages.find((stage) => stage.name === 'snapshot')!.counts.leaks).toBe(0);
    const byUnit = Object.fromEntries(summary.units.map((unit) => [unit.unit, unit]));
    expect(byUnit.design!.status).toBe('done');
    expect(byUnit.fim!.status).toBe('done');
    for (const unit of ['mirror', 'synth'] as const) expect(byUnit[unit]!.reason ?? '').toMatch(/not available in this build/);
    // The task files hold valid records, as many as the summary says.
    const design = readFileSync(join(run, 'tasks', 'design.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => designTaskSchema.parse(JSON.parse(line)));
    const fim = readFileSync(join(run, 'tasks', 'fim.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => fimTaskSchema.parse(JSON.parse(line)));
    expect(design).toHaveLength(byUnit.design!.tasks);
    expect(fim).toHaveLength(byUnit.fim!.tasks);
    expect(design.length).toBe(6);
    expect(fim.length).toBeGreaterThan(0);
    expect(fim[0]!.repo).toBe('tinyshop-dev/tinyshop');
    expect(summary.totals.tasks).toBe(design.length + fim.length);
    // A person's summary: Markdown tables, and an HTML page with a funnel chart per unit and a sample task.
    const markdown = await readFile(join(run, 'summary.md'), 'utf8');
    expect(markdown).toContain('| fim | done |');
    expect(markdown).toMatch(/\| environment \| done \| \d+\.\d s \|/);
    const html = await readFile(join(run, 'summary.html'), 'utf8');
    expect(html.match(/<svg /g)!.length).toBe(2);
    expect(html).toContain(`sample task ${fim[0]!.id}`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    const again = await swespot([...MINE, '--out', 'runs/sample']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming the run/);
    expect(again.stderr).toMatch(/environment: finished in an earlier run/);
    expect(await records(run)).toEqual({ 'design.jsonl': design.map((task) => JSON.stringify(task)).sort(), 'fim.jsonl': readFileSync(join(run, 'tasks', 'fim.jsonl'), 'utf8').split('\n').filter(Boolean).sort() });

    const other = await swespot([...MINE.map((argument) => (argument === '6' ? '7' : argument)), '--out', 'runs/sample']);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/holds a run with other options \(count: 6, now 7\)/);
  }, 900_000);

  it('resumes a run killed (SIGKILL) while it builds the environment, ending with the same records as the run that was not killed', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    const run = join(folder, 'runs', 'killed');
    const child = spawn(process.execPath, [bin, ...MINE, '--out', run], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const killed = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (/mine: environment: started/.test(stderr) && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    await killed;
    expect(child.signalCode, stderr).toBe('SIGKILL');
    expect(existsSync(join(run, 'stages', 'index.json'))).toBe(true);
    expect(existsSync(join(run, 'stages', 'environment.json'))).toBe(false);
    expect(existsSync(join(run, 'summary.json'))).toBe(false);

    const resumed = await swespot([...MINE, '--out', 'runs/killed']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/snapshot: finished in an earlier run/);
    expect(await records(run)).toEqual(await records(join(folder, 'runs', 'sample')));
    const summary = mineSummarySchema.parse(JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')));
    expect(summary.stages.find((stage) => stage.name === 'environment')!.status).toBe('done');
  }, 900_000);
});

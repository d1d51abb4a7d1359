import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fimTaskSchema } from '@swespot/core';
import { makeHoledFile } from '@swespot/fim-holes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRcxRepository } from '../__fixtures__/create-rcx-repository';
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

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-fim-'));
  mkdirSync(join(folder, 'repo'));
  createRcxRepository(join(folder, 'repo'));
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('swespot fim', () => {
  it('writes FIM tasks through a snapshot, prints counts per category, and repeats them byte for byte for a seed', async () => {
    const first = await swespot(['fim', 'repo', '--cutoff', '2022-06-01', '--count', '4', '--seed', '7', '--negative-ratio', '0.3', '--repo-name', 'acme/calc', '--out', 'one.jsonl', '--no-progress']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^fim .*one\.jsonl \(acme\/calc at [0-9a-f]{12}\)/);
    expect(first.stdout).toMatch(/classification positive \d+/);
    expect(first.stdout).toMatch(/holes by kind /);
    expect(first.stdout).toMatch(/tasks by cross-file dependency count /);
    const lines = readFileSync(join(folder, 'one.jsonl'), 'utf8').trim().split('\n');
    const tasks = lines.map((line) => fimTaskSchema.parse(JSON.parse(line)));
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.filter((task) => task.classification === 'positive').length / tasks.length).toBeGreaterThanOrEqual(0.7);
    expect(tasks[0]!.repo).toBe('acme/calc');
    const second = await swespot(['fim', 'repo', '--cutoff', '2022-06-01', '--count', '4', '--seed', '7', '--negative-ratio', '0.3', '--repo-name', 'acme/calc', '--out', 'two.jsonl', '--no-progress']);
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(folder, 'two.jsonl'))).toEqual(readFileSync(join(folder, 'one.jsonl')));
    const again = await swespot(['fim', 'repo', '--cutoff', '2022-06-01', '--count', '4', '--seed', '7', '--negative-ratio', '0.3', '--repo-name', 'acme/calc', '--out', 'one.jsonl', '--no-progress']);
    expect(again.stdout).toMatch(/0 written, \d+ already in the file/);
    expect(readFileSync(join(folder, 'one.jsonl'), 'utf8').trim().split('\n')).toEqual(lines);
  }, 120_000);

  it('grades a filled file with fim check (parse and similarity without a sandbox)', async () => {
    const task = fimTaskSchema.parse(JSON.parse(readFileSync(join(folder, 'one.jsonl'), 'utf8').split('\n')[0]!));
    const snapshot = join(folder, '.swespot', 'snapshots', 'repo-2022-06-01');
    const original = readFileSync(join(snapshot, task.file));
    writeFileSync(join(folder, 'truth.py'), original);
    const truth = await swespot(['fim', 'check', '--task', task.id, '--data', 'one.jsonl', '--fill', 'truth.py', '--snapshot', snapshot, '--sandbox', 'none']);
    expect(truth.stderr).toBe("");
    expect(truth.stdout).toContain(`task ${task.id}: PASS`);
    expect(truth.stdout).toMatch(/exact match yes, edit similarity 100%, syntax tree matches/);
    expect(truth.exitCode).toBe(0);
    const broken = Buffer.from(makeHoledFile(original, task.holes).toString('utf8').replace(task.holes[0]!.placeholder!, 'def (:'));
    writeFileSync(join(folder, 'broken.py'), broken);
    const failed = await swespot(['fim', 'check', '--task', task.id, '--data', 'one.jsonl', '--fill', 'broken.py', '--snapshot', snapshot, '--sandbox', 'none']);
    expect(failed.stdout).toContain('FAIL');
    expect(failed.stdout).toContain('parses no');
    expect(failed.exitCode).toBe(1);
    const missing = await swespot(['fim', 'check', '--task', 'nope', '--data', 'one.jsonl', '--fill', 'truth.py', '--snapshot', snapshot]);
    expect(missing.stderr).toMatch(/--task: no task "nope"/);
    expect(missing.exitCode).toBe(1);
  }, 120_000);

  it('refuses --count 0, a cutoff before the first commit, and a repository with no supported language, naming the option', async () => {
    const zero = await swespot(['fim', 'repo', '--cutoff', '2022-06-01', '--count', '0', '--out', 'zero.jsonl']);
    expect(zero.stderr).toMatch(/^--count: expected a whole number, 1 or more; got "0"/);
    expect(zero.exitCode).toBe(1);
    const early = await swespot(['fim', 'repo', '--cutoff', '2020-01-01', '--out', 'early.jsonl', '--snapshot', 'early-snapshot']);
    expect(early.stderr).toMatch(/error: .*no commit .* at or before 2020-01-01.*choose a later cutoff/);
    expect(early.exitCode).toBe(1);
    mkdirSync(join(folder, 'docs-only'));
    writeFileSync(join(folder, 'docs-only', 'README.md'), '# docs\n');
    const env = { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@b.c', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@b.c', GIT_AUTHOR_DATE: '2022-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2022-01-01T00:00:00Z' };
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: join(folder, 'docs-only'), env });
    execFileSync('git', ['add', '-A'], { cwd: join(folder, 'docs-only'), env });
    execFileSync('git', ['commit', '-q', '-m', 'docs'], { cwd: join(folder, 'docs-only'), env });
    const none = await swespot(['fim', 'docs-only', '--cutoff', '2022-06-01', '--out', 'none.jsonl', '--no-progress']);
    expect(none.stderr).toMatch(/error: .*no source file in a language FIM holes support/);
    expect(none.exitCode).toBe(1);
    const design = await swespot(['design', 'docs-only', '--cutoff', '2022-06-01', '--out', 'none-design.jsonl', '--no-progress']);
    expect(design.stderr).toMatch(/error: .*no source file with a class or function/);
    expect(design.exitCode).toBe(1);
    const missing = await swespot(['fim', 'no-such-repo', '--cutoff', '2022-06-01', '--out', 'x.jsonl']);
    expect(missing.stderr).toMatch(/<repo>: no such folder: .*no-such-repo/);
  }, 120_000);
});

describe('--environment', () => {
  it('puts the given environment and test spec on every task, and names the file of a bad one', async () => {
    writeFileSync(
      join(folder, 'env.json'),
      JSON.stringify({ environment: { image: 'acme/calc:env', installCommands: [], workingDirectory: '/testbed' }, testSpec: { language: 'python', framework: 'pytest', command: 'pytest -rA {tests}', selection: { mode: 'all' } } }),
    );
    const result = await swespot(['design', 'repo', '--cutoff', '2022-06-01', '--count', '2', '--environment', 'env.json', '--out', 'env-design.jsonl', '--no-progress']);
    expect(result.exitCode).toBe(0);
    const task = JSON.parse(readFileSync(join(folder, 'env-design.jsonl'), 'utf8').split('\n')[0]!) as { environment: { image: string }; testSpec: { command: string } };
    expect(task.environment.image).toBe('acme/calc:env');
    expect(task.testSpec.command).toBe('pytest -rA {tests}');
    writeFileSync(join(folder, 'bad-env.json'), JSON.stringify({ environment: { installCommands: [] }, testSpec: {} }));
    const bad = await swespot(['fim', 'repo', '--cutoff', '2022-06-01', '--environment', 'bad-env.json', '--out', 'bad.jsonl', '--no-progress']);
    expect(bad.stderr).toMatch(/bad-env\.json/);
    expect(bad.stderr).toMatch(/environment\.image: Set image or dockerfile/);
    expect(bad.exitCode).toBe(1);
  }, 120_000);
});

describe('swespot.config.json', () => {
  it('gives fim its cutoff, count and seed unless the command line says otherwise', async () => {
    writeFileSync(join(folder, 'swespot.config.json'), JSON.stringify({ repo: 'repo', cutoff: '2022-06-01', seed: 7, teacher: { provider: 'openai', model: 'gpt-5-mini' }, student: { provider: 'openai', model: 'Qwen/Qwen3-4B-Instruct-2507', baseUrl: 'http://127.0.0.1:8000/v1' }, units: { fim: { count: 1 } } }));
    try {
      const fromConfig = await swespot(['fim', 'repo', '--repo-name', 'acme/calc', '--out', 'config.jsonl', '--no-progress']);
      expect(fromConfig.stderr).toBe('');
      expect(fromConfig.stdout).toMatch(/tasks 1 of 1 asked/);
      const overridden = await swespot(['fim', 'repo', '--repo-name', 'acme/calc', '--count', '2', '--out', 'config-2.jsonl', '--no-progress']);
      expect(overridden.stdout).toMatch(/of 2 asked/);
    } finally {
      rmSync(join(folder, 'swespot.config.json'));
    }
  }, 120_000);
});

describe('swespot design', () => {
  it('writes design probes and prints the share per granularity, byte-identical for a seed', async () => {
    const first = await swespot(['design', 'repo', '--cutoff', '2022-06-01', '--count', '4', '--seed', '1', '--repo-name', 'acme/calc', '--out', 'design.jsonl', '--no-progress']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/by granularity .*module 1 \(25%\)/);
    expect(first.stdout).toMatch(/probes 4 of 4 asked: 4 written/);
    const second = await swespot(['design', 'repo', '--cutoff', '2022-06-01', '--count', '4', '--seed', '1', '--repo-name', 'acme/calc', '--out', 'design-2.jsonl', '--no-progress']);
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(folder, 'design-2.jsonl'))).toEqual(readFileSync(join(folder, 'design.jsonl')));
    const zero = await swespot(['design', 'repo', '--cutoff', '2022-06-01', '--count', '0', '--out', 'zero.jsonl']);
    expect(zero.stderr).toMatch(/^--count: expected a whole number, 1 or more/);
  }, 120_000);
});

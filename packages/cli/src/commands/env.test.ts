import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { environmentBuildSchema, environmentRecipeSchema } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;
let repo: string;

function git(args: string[], date: string): void {
  execFileSync('git', args, {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-env-'));
  repo = join(folder, 'repo');
  mkdirSync(join(repo, 'tests'), { recursive: true });
  git(['init', '-q', '-b', 'main'], '2021-01-01T00:00:00 +0000');
  writeFileSync(join(repo, 'setup.py'), 'from setuptools import setup\n\nsetup(name="clienv", version="0.1", py_modules=["clienv"])\n');
  writeFileSync(join(repo, 'clienv.py'), 'def one():\n    return 1\n');
  writeFileSync(join(repo, 'tests/test_one.py'), 'import clienv\n\n\ndef test_one():\n    assert clienv.one() == 1\n');
  git(['add', '-A'], '2021-01-01T00:00:00 +0000');
  git(['commit', '-q', '-m', 'unittest era'], '2021-01-01T00:00:00 +0000');
  // After the cutoff the project moves its pytest settings into tox.ini.
  writeFileSync(join(repo, 'tox.ini'), '[pytest]\naddopts = -q\n');
  git(['add', '-A'], '2022-06-01T00:00:00 +0000');
  git(['commit', '-q', '-m', 'pytest settings'], '2022-06-01T00:00:00 +0000');
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function swespot(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {} });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

describe('swespot env infer', () => {
  it('prints the recipe at a cutoff with the source of each field, and writes it as JSON', async () => {
    const before = await swespot(['env', 'infer', 'repo', '--cutoff', '2021-06-01', '--out', 'recipe.json']);
    expect(before.stderr).toBe('');
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toMatch(/test framework {3}pytest {2}<- tests\/test_one\.py \(test functions written for pytest\)/);
    expect(before.stdout).toMatch(/install project {2}SETUPTOOLS_SCM_PRETEND_VERSION=0\.1 python3 -m pip install/);
    const recipe = environmentRecipeSchema.parse(JSON.parse(readFileSync(join(folder, 'recipe.json'), 'utf8')));
    expect(recipe.sources.find((source) => source.path === 'tox.ini')!.sha256).toBeNull();

    const after = await swespot(['env', 'infer', 'repo']);
    expect(after.stdout).toMatch(/test framework {3}pytest {2}<- tox\.ini \(\[pytest\]\)/);
  });

  it('takes the cutoff, overrides, deps and Docker engine from swespot.config.json; the command line wins', async () => {
    const required = {
      repo: 'repo',
      cutoff: '2021-06-01',
      teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      student: { provider: 'openai', model: 'Qwen/Qwen3-4B-Instruct-2507', baseUrl: 'http://127.0.0.1:8000/v1' },
    };
    writeFileSync(
      join(folder, 'env-config.json'),
      JSON.stringify({ ...required, deps: 'offline-debian', sandbox: { dockerHost: `unix://${join(folder, 'no-engine.sock')}` }, environment: { test: { command: 'python3 -m pytest -x -rA {tests}' } } }),
    );
    const infer = await swespot(['--config', 'env-config.json', 'env', 'infer', 'repo', '--json']);
    expect(infer.exitCode).toBe(0);
    const recipe = environmentRecipeSchema.parse(JSON.parse(infer.stdout));
    // At the config's cutoff tox.ini does not exist yet, and the test command is the config's.
    expect(recipe.origins['test.framework']?.file).toBe('tests/test_one.py');
    expect(recipe.test.command).toBe('python3 -m pytest -x -rA {tests}');
    expect(recipe.origins['test.command']).toEqual({ file: join(folder, 'env-config.json'), key: 'test.command' });
    const later = await swespot(['--config', 'env-config.json', 'env', 'infer', 'repo', '--cutoff', '2022-12-31', '--json']);
    expect(environmentRecipeSchema.parse(JSON.parse(later.stdout)).origins['test.framework']?.file).toBe('tox.ini');
    // env build says which dependencies it uses before it builds, then fails on the config's (missing) engine.
    const build = await swespot(['--config', 'env-config.json', 'env', 'build', 'repo']);
    expect(build.stderr).toMatch(/^env build: .* at [0-9a-f]{12} \(2021-01-01.*\), python with pytest, dependencies offline-debian\n/);
    expect(build.stderr).toContain('no-engine.sock');
    expect(build.exitCode).toBe(1);
  });

  it('applies --overrides and reports bad overrides and missing folders as input errors', async () => {
    writeFileSync(join(folder, 'overrides.json'), JSON.stringify({ test: { command: 'python3 -m pytest -x -rA {tests}' } }));
    const overridden = await swespot(['env', 'infer', 'repo', '--overrides', 'overrides.json', '--json']);
    expect(JSON.parse(overridden.stdout).origins['test.command']).toEqual({ file: join(folder, 'overrides.json'), key: 'test.command' });
    writeFileSync(join(folder, 'bad.json'), JSON.stringify({ test: { timeoutSeconds: 0 }, base: 'ruby' }));
    const bad = await swespot(['env', 'infer', 'repo', '--overrides', 'bad.json']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/base: .*\n.*test\.timeoutSeconds: /);
    const missing = await swespot(['env', 'infer', 'no-such-repo']);
    expect(missing).toMatchObject({ exitCode: 2, stderr: 'env: no such folder: no-such-repo\n' });
  });
});

describe('swespot env build', () => {
  it('builds at a cutoff with offline-debian dependencies, shows progress and prints the baseline', async () => {
    const result = await swespot(['env', 'build', 'repo', '--cutoff', '2021-06-01', '--deps', 'offline-debian', '--out', 'build.json']);
    expect(result.stderr).toMatch(/\[ *[\d.]+ s\] base image \(python\)[\s\S]*\[ *[\d.]+ s\] baseline: the whole suite/);
    expect(result.stdout).toMatch(/^environment usable: swespot\/env:[0-9a-f]{24}\nbaseline {4}1 passed, 0 failed, 0 errors, 0 skipped, 0 xfailed \(pass rate 100\.0%, asked 90%\)\ntime {8}build [\d.]+ s, tests [\d.]+ s/);
    expect(result.exitCode).toBe(0);
    const build = environmentBuildSchema.parse(JSON.parse(readFileSync(join(folder, 'build.json'), 'utf8')));
    expect(build.baseline!.tests).toMatchObject([{ testId: 'tests/test_one.py::test_one', status: 'passed' }]);
  }, 900_000);
});

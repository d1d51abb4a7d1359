import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { createProgram } from './create-program';
import { startFakeDockerEngine } from './__fixtures__/start-fake-docker-engine';
import { runCli } from './run-cli';
import { VERSION } from './version';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const validConfig = {
  $schema: './node_modules/@swespot/cli/swespot.config.schema.json',
  repo: 'https://github.com/psf/requests.git',
  cutoff: '2024-06-30',
  teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  student: { provider: 'openai', model: 'qwen', baseUrl: 'http://127.0.0.1:8000/v1' },
};

describe('runCli', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-cli-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv = process.env) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('says a file-system error in one line naming the path, without a stack trace', async () => {
    await mkdir(join(folder, 'data'));
    // fim check reads --data as a file: a folder there fails deep inside with EISDIR.
    const result = await run(['fim', 'check', '--task', 'x', '--data', 'data', '--fill', 'data', '--snapshot', 'data']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('error: a path given is a folder, where a file was expected (EISDIR on read); check the files and folders on the command line\n');
    await writeFile(join(folder, 'setup.py'), 'from setuptools import setup\n\nsetup(name="x", version="0.1")\n');
    await writeFile(join(folder, 'test_x.py'), 'def test_x():\n    assert True\n');
    const env = await run(['env', 'infer', '.', '--out', 'data']);
    expect(env.stderr).toBe(`env: ${join(folder, 'data')}: is a folder, where a file was expected (EISDIR on open); check the path and its permissions\n`);
  });

  it('shows an option default in help once, whatever adds to its description', () => {
    const program = createProgram({ stdout: process.stdout, stderr: process.stderr, cwd: folder, env: {}, setExitCode: () => undefined });
    const twice: string[] = [];
    const visit = (command: Command, path: string) => {
      const help = command.createHelp();
      for (const option of command.options) {
        if ((help.optionDescription(option).match(/\(default: /g) ?? []).length > 1) twice.push(`${path} ${option.long}`);
      }
      for (const child of command.commands) visit(child, `${path} ${child.name()}`);
    };
    visit(program, 'swespot');
    expect(twice).toEqual([]);
    const sandboxExec = program.commands.find((command) => command.name() === 'sandbox')?.commands.find((command) => command.name() === 'exec');
    const timeout = sandboxExec?.options.find((option) => option.long === '--timeout');
    expect(sandboxExec?.createHelp().optionDescription(timeout!)).toBe('wall-clock limit; the whole process tree is killed after it (default: 600)');
  });

  it('prints the version', async () => {
    const result = await run(['--version']);
    expect(result).toEqual({ exitCode: 0, stdout: `${VERSION}\n`, stderr: '' });
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(packageJson.version);
  });

  it('prints help listing every command', async () => {
    const result = await run(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: swespot [options] [command]');
    expect(result.stdout).toMatch(/\n {2}config \[options\] \[file\]/);
    expect(result.stdout).toMatch(/\n {2}doctor \[options\]/);
    expect(result.stdout).toContain('--config <file>');
  });

  it('rejects an unknown command with exit code 2, suggesting the closest one', async () => {
    const result = await run(['docter']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown command 'docter'");
    expect(result.stderr).toContain('(Did you mean doctor?)');
    expect(result.stderr).toContain("(run 'swespot --help' for usage)");
  });

  it('rejects an unknown option with exit code 2', async () => {
    const result = await run(['doctor', '--colour']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--colour'");
  });

  it('config --check prints the resolved config of swespot.config.json in cwd', async () => {
    await writeFile(join(folder, 'swespot.config.json'), JSON.stringify(validConfig));
    const result = await run(['config', '--check']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(`${join(folder, 'swespot.config.json')} is valid\n`);
    const resolved = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(resolved).toMatchObject({ outDir: join(folder, '.swespot'), concurrency: 8, seed: 0 });
    expect(resolved.units).toMatchObject({ bugfix: { enabled: true, count: 2048 } });
  });

  it('config --check reads the file argument, else the global --config option', async () => {
    await writeFile(join(folder, 'a.json'), JSON.stringify({ ...validConfig, seed: 1 }));
    await writeFile(join(folder, 'b.json'), JSON.stringify({ ...validConfig, seed: 2 }));
    const fromArgument = await run(['config', '--check', 'a.json']);
    expect(JSON.parse(fromArgument.stdout)).toMatchObject({ seed: 1 });
    const fromOption = await run(['--config', 'b.json', 'config', '--check']);
    expect(JSON.parse(fromOption.stdout)).toMatchObject({ seed: 2 });
  });

  it('config --check prints every issue as path: message and exits 1', async () => {
    const file = join(folder, 'swespot.config.json');
    await writeFile(file, JSON.stringify({ ...validConfig, cutoff: 'last year', seed: -1, extra: true }));
    const result = await run(['config', '--check']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `Invalid configuration in ${file}:`,
        '  cutoff: must be a date as YYYY-MM-DD',
        '  seed: Too small: expected number to be >=0',
        '  extra: unknown key; remove it or check its spelling',
        '',
      ].join('\n'),
    );
  });

  it('config without a config file says how to create one and exits 1', async () => {
    const result = await run(['config']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `error: No config file at ${join(folder, 'swespot.config.json')}. Create swespot.config.json there or pass --config <file>.\n`,
    );
  });

  it('config --schema prints the JSON Schema', async () => {
    const result = await run(['config', '--schema']);
    expect(result.exitCode).toBe(0);
    const schema = JSON.parse(result.stdout) as { title: string; required: string[] };
    expect(schema.title).toBe('swespot.config.json');
    expect(schema.required).toContain('cutoff');
  });

  it('doctor --json reports a fake Docker engine from DOCKER_HOST', async () => {
    const engine = await startFakeDockerEngine({ Version: '28.0.4', ApiVersion: '1.48' });
    try {
      const result = await run(['doctor', '--json'], { ...process.env, DOCKER_HOST: engine.dockerHost });
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout) as { ok: boolean; checks: Record<string, { status: string; version?: string }> };
      expect(report.ok).toBe(true);
      expect(Object.keys(report.checks)).toEqual(['node', 'git', 'docker', 'bubblewrap', 'sandbox-python', 'tree-sitter', 'pnpm']);
      expect(report.checks.docker).toMatchObject({ status: 'ok', version: '28.0.4' });
    } finally {
      await engine.close();
    }
  });

  it('doctor exits 1 when git is missing', async () => {
    const result = await run(['doctor', '--docker-host', `unix://${join(folder, 'none.sock')}`], { PATH: folder });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('missing git');
    expect(result.stdout).toContain(`no Docker engine reachable at unix://${join(folder, 'none.sock')}`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('swespot cannot run here: git missing');
  });

  it('exits 130 when aborted', async () => {
    await writeFile(join(folder, 'swespot.config.json'), JSON.stringify(validConfig));
    const controller = new AbortController();
    controller.abort();
    const stderr = capture();
    const exitCode = await runCli(['config'], { stderr: stderr.stream, stdout: capture().stream, cwd: folder, abortSignal: controller.signal });
    expect(exitCode).toBe(130);
    expect(stderr.text()).toBe('aborted\n');
  });
});

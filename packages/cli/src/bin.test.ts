import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDockerEngine, type FakeDockerEngine } from './__fixtures__/start-fake-docker-engine';

const packageFolder = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageFolder, 'dist', 'bin.js');
const packageVersion = (JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { version: string }).version;

function runBuiltCli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      resolve({ exitCode: typeof code === 'number' ? code : error ? -1 : 0, stdout, stderr });
    });
  });
}

// Runs dist/bin.js, the file npm links as `swespot`: Nx builds it before this test
// target (`dependsOn: ["build"]`); locally run `pnpm build` first.
describe('the built swespot binary', () => {
  let engine: FakeDockerEngine;
  let folder: string;
  beforeAll(async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    engine = await startFakeDockerEngine();
    folder = await mkdtemp(join(tmpdir(), 'swespot-bin-'));
  });
  afterAll(async () => {
    await engine?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('starts with a node shebang so npm can link it as a command', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('--version prints the package version', async () => {
    const result = await runBuiltCli(['--version'], process.env, folder);
    expect(result).toEqual({ exitCode: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('--help lists the commands', async () => {
    const result = await runBuiltCli(['--help'], process.env, folder);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: swespot');
    expect(result.stdout).toContain('doctor [options]');
    expect(result.stdout).toContain('config [options] [file]');
  });

  it('an unknown command exits 2', async () => {
    const result = await runBuiltCli(['train-everything'], process.env, folder);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'train-everything'");
  });

  it('doctor reports the fake Docker engine and exits 0', async () => {
    const result = await runBuiltCli(['doctor'], { ...process.env, DOCKER_HOST: engine.dockerHost }, folder);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^ok {6}node /m);
    expect(result.stdout).toMatch(/^ok {6}git /m);
    expect(result.stdout).toContain(`ok      docker          Docker Engine 27.3.1 (API 1.47) at ${engine.dockerHost}`);
    expect(result.stdout).toMatch(/^(ok|missing|warning) +tree-sitter /m);
  });

  it('doctor --json with an unreachable engine says what to install', async () => {
    const dockerHost = `unix://${join(folder, 'missing.sock')}`;
    const result = await runBuiltCli(['doctor', '--json'], { ...process.env, DOCKER_HOST: dockerHost }, folder);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { checks: { docker: { status: string; hint: string } } };
    expect(report.checks.docker.status).toBe('missing');
    expect(report.checks.docker.hint).toContain('install Docker Engine');
  });
});

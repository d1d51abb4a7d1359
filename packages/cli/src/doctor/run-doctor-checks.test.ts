import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDockerEngine, type FakeDockerEngine } from '../__fixtures__/start-fake-docker-engine';
import { formatDoctorReport, toDoctorJson } from './format-doctor-report';
import { runDoctorChecks } from './run-doctor-checks';

describe('runDoctorChecks', () => {
  let engine: FakeDockerEngine;
  let emptyFolder: string;
  beforeEach(async () => {
    engine = await startFakeDockerEngine();
    emptyFolder = await mkdtemp(join(tmpdir(), 'swespot-doctor-'));
  });
  afterEach(async () => {
    await engine.close();
    await rm(emptyFolder, { recursive: true, force: true });
  });

  it('checks node, git, docker, bubblewrap, sandbox-python, tree-sitter and pnpm in that order', async () => {
    const report = await runDoctorChecks({ env: { ...process.env, DOCKER_HOST: engine.dockerHost }, cwd: emptyFolder });
    expect(report.checks.map((check) => check.name)).toEqual(['node', 'git', 'docker', 'bubblewrap', 'sandbox-python', 'tree-sitter', 'pnpm']);
    // This machine has git (the workspace is a git repository) and a current Node.js.
    expect(report.ok).toBe(true);
    expect(report.checks[1]).toMatchObject({ name: 'git', status: 'ok', required: true });
    expect(report.checks[1]?.version).toMatch(/^\d+\.\d+/);
    expect(report.checks[2]).toMatchObject({ name: 'docker', status: 'ok', version: '27.3.1' });
    expect(report.checks[5]).toMatchObject({ name: 'tree-sitter', required: false });
  });

  it('fails when git is missing and says what to install, while optional items only report', async () => {
    const report = await runDoctorChecks({
      env: { PATH: emptyFolder, DOCKER_HOST: `unix://${join(emptyFolder, 'docker.sock')}` },
      cwd: emptyFolder,
    });
    expect(report.ok).toBe(false);
    const byName = toDoctorJson(report).checks;
    expect(byName.git).toMatchObject({ status: 'missing', required: true, detail: 'git not found on PATH' });
    expect(byName.git?.hint).toContain('install git');
    expect(byName.docker).toMatchObject({ status: 'missing', required: false });
    expect(byName.bubblewrap).toMatchObject({ status: 'missing', required: false });
    expect(byName.pnpm).toMatchObject({ status: 'missing', required: false });
    expect(byName['sandbox-python']).toMatchObject({ status: 'missing', required: false });

    const text = formatDoctorReport(report);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^ok {6}node {12}Node\.js /);
    expect(lines[1]).toBe(
      'missing git             git not found on PATH; install git (apt-get install git, brew install git, or https://git-scm.com/downloads)',
    );
    expect(lines[2]).toContain('install Docker Engine');
    expect(lines[7]).toBe('swespot cannot run here: git missing');
  });

  it('fails when Node.js is too old', async () => {
    const report = await runDoctorChecks({ nodeVersion: '20.11.0', cwd: emptyFolder, dockerHost: engine.dockerHost });
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ name: 'node', status: 'missing', version: '20.11.0' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runDoctorChecks({ cwd: emptyFolder, dockerHost: engine.dockerHost, abortSignal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });
});

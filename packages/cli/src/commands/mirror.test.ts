import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
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

let folder: string;

async function swespot(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'swespot-cli-mirror-'));
  const repository = await buildCalcRepository();
  await cp(repository, join(folder, 'calc'), { recursive: true });
  rmSync(repository, { recursive: true, force: true });
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('swespot mirror', () => {
  it('prints the funnel of both presets without validating', async () => {
    const relaxed = await swespot(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--no-validate', '--repo-name', 'acme/calc', '--no-progress', '--json']);
    expect(relaxed.exitCode).toBe(0);
    const funnel = JSON.parse(relaxed.stdout).funnel;
    expect(funnel).toMatchObject({ commits: 8, commitsWithoutPullRequest: 2, mined: 6, kept: 4, mirroredDirectly: 3, mirrorFailed: 1 });
    expect(funnel.removedBy['source-change']).toBe(2);
    expect(funnel.failures[0].reason).toMatch(/calc\/text\.py: the 3-way merge conflicts .* no model/);
    const strict = await swespot(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--no-validate', '--preset', 'strict', '--repo-name', 'acme/calc', '--no-progress']);
    expect(strict.stdout).toMatch(/kept \(strict\) +2\n/);
    expect(strict.stdout).toMatch(/removed by +linked-issue 4\n/);
  });

  it('validates in Docker (offline-debian) and writes bugfix instances; a second run writes none again', async () => {
    const run = () => swespot(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--preset', 'strict', '--deps', 'offline-debian', '--concurrency', '2', '--repo-name', 'acme/calc', '--out', 'bugs.jsonl', '--no-progress']);
    const first = await run();
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/mirrored +1 directly, 0 by model, 1 failed/);
    expect(first.stdout).toMatch(/validated +1 kept of 1\n/);
    expect(first.stdout).toMatch(/throughput +[\d.]+ candidates\/minute at concurrency 2/);
    const tasks = readFileSync(join(folder, 'bugs.jsonl'), 'utf8').trim().split('\n').map((line) => bugfixTaskSchema.parse(JSON.parse(line)));
    expect(tasks.map((task) => [task.id, task.failToPass])).toEqual([['acme__calc.pr-mirror.2', ['tests/test_core.py::test_divide_by_zero_raises_value_error']]]);
    const second = await run();
    expect(second.stdout).toMatch(/validated +0 kept of 0 \(1 already in the output\)/);
    expect(readFileSync(join(folder, 'bugs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('swespot mirror --github', () => {
  it('reads PR bodies from a GitHub API on 127.0.0.1, so strict sees their closing references', async () => {
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization}`);
      const body = request.url === '/repos/acme/calc/pulls/1' ? { number: 1, body: 'Adds multiply.\n\nResolves #9' } : request.url?.includes('/pulls/') ? { number: 0, body: '' } : null;
      response.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { message: 'Not Found' }));
    });
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    try {
      const port = (server.address() as { port: number }).port;
      const stdout = capture();
      const stderr = capture();
      const exitCode = await runCli(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--no-validate', '--preset', 'strict', '--repo-name', 'acme/calc', '--github', '--github-api-url', `http://127.0.0.1:${port}`, '--no-progress', '--json'], { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '', GITHUB_TOKEN: 'token-for-tests' } });
      expect(stderr.text()).toBe('');
      expect(exitCode).toBe(0);
      expect(JSON.parse(stdout.text()).funnel).toMatchObject({ mined: 6, kept: 3 });
      expect(seen).toContain('/repos/acme/calc/pulls/1 Bearer token-for-tests');
      const missing = await swespot(['mirror', 'calc', '--cutoff', CALC_CUTOFF, '--no-validate', '--github', '--no-progress']);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toMatch(/--github: no token in the environment variable GITHUB_TOKEN/);
    } finally {
      await new Promise((resolvePromise) => server.close(resolvePromise));
    }
  });
});

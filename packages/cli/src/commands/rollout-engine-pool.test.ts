import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { makeTinyRootFilesystem, startSecondDockerEngine, startTestSshServer, type SecondDockerEngine, type TestSshServer } from '@swespot-tools/test-docker-engine';
import { createTestServer } from '@swespot-tools/test-server';
import { readJsonlToArray, trajectorySchema } from '@swespot/core';
import { importRootFilesystem } from '@swespot/repo-sandbox/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const IMAGE = 'swespot-test/rollout-pool:1';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const task = (index: number) => ({
  schemaVersion: 1,
  id: `totals__qa-${index}`,
  kind: 'qa',
  repo: 'swespot/totals',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
  environment: { image: IMAGE },
  testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
  provenance: { source: 'manual', createdAt: '2024-01-02T00:00:00Z' },
  seed: 0,
  question: 'Which engine runs this session?',
  referenceAnswer: 'either',
});

// Two Docker engines: the machine's and a second one started here, on a Unix socket and on a
// loopback TCP port with --tlsverify, and reachable over SSH through a test sshd. The image has
// the same tag on both but a different /engine file, so each trajectory says which engine ran it.
describe('swespot rollout --docker-host (a pool of engines)', () => {
  let engine: SecondDockerEngine;
  let ssh: TestSshServer;
  let second: string;
  let folder: string;

  beforeAll(async () => {
    engine = await startSecondDockerEngine({ tls: true });
    second = `unix://${engine.socketPath}`;
    ssh = await startTestSshServer({ engine: second });
    folder = await mkdtemp(join(tmpdir(), 'swespot-rollout-pool-'));
    for (const [name, docker] of [['first', {}], ['second', { host: second }]] as const) {
      const root = join(folder, `root-${name}`);
      await makeTinyRootFilesystem(root, { engine: `engine-${name}\n` });
      await importRootFilesystem({ rootFolder: root, tag: IMAGE, docker, changes: ['CMD ["bash"]'] });
    }
  }, 300_000);

  afterAll(async () => {
    await ssh?.stop();
    await engine?.stop();
    await promisify(execFile)('docker', ['image', 'rm', IMAGE]).catch(() => undefined);
    if (folder) await rm(folder, { recursive: true, force: true });
  }, 120_000);

  /** Runs 4 qa tasks at concurrency 2 through a scripted model server; returns each run's engine. */
  async function rolloutEngines(out: string, extra: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
    await writeFile(join(folder, 'tasks.jsonl'), [1, 2, 3, 4].map((index) => `${JSON.stringify(task(index))}\n`).join(''));
    const replies = ['THOUGHT: look.\n\n```bash\ncat /engine\n```', 'THOUGHT: answer.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat /engine\n```'];
    const server = await createTestServer({
      'POST /v1/chat/completions': (call) => {
        const step = (call.bodyJson as { messages: { role: string }[] }).messages.filter((message) => message.role === 'assistant').length;
        return {
          type: 'json',
          body: { id: `chatcmpl-${call.routeCallIndex}`, object: 'chat.completion', created: 1, model: 'qwen', choices: [{ index: 0, message: { role: 'assistant', content: replies[step] }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } },
        };
      },
    });
    const stdout = capture();
    const stderr = capture();
    try {
      const exitCode = await runCli(['rollout', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--out', out, '--concurrency', '2', ...extra], {
        stdout: stdout.stream,
        stderr: stderr.stream,
        cwd: folder,
        env,
      });
      expect(exitCode, stderr.text()).toBe(0);
    } finally {
      await server.close();
    }
    const trajectories = await readJsonlToArray(join(folder, out), { schema: trajectorySchema });
    expect(trajectories.map((trajectory) => trajectory.taskId).sort()).toEqual(['totals__qa-1', 'totals__qa-2', 'totals__qa-3', 'totals__qa-4']);
    // The submitted report is the /engine file of the image on the engine that ran the session.
    return trajectories.map((trajectory) => (trajectory.submission?.type === 'report' ? trajectory.submission.text.trim() : ''));
  }

  function expectBothEngines(engines: readonly string[]): void {
    expect(engines.every((name) => name === 'engine-first' || name === 'engine-second'), JSON.stringify(engines)).toBe(true);
    expect(engines.filter((name) => name === 'engine-first').length).toBeGreaterThan(0);
    expect(engines.filter((name) => name === 'engine-second').length).toBeGreaterThan(0);
  }

  it('spreads the runs over both engines given with --docker-host', async () => {
    expectBothEngines(await rolloutEngines('flags.jsonl', ['--docker-host', 'unix:///var/run/docker.sock', '--docker-host', second]));
  }, 300_000);

  it('takes the pool from sandbox.engines in swespot.config.json', async () => {
    const config = {
      repo: '.',
      cutoff: '2024-06-30',
      teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      student: { provider: 'openai', model: 'Qwen/Qwen3-4B-Instruct-2507', baseUrl: 'http://127.0.0.1:8000/v1' },
      sandbox: { engines: ['unix:///var/run/docker.sock', { host: second }] },
    };
    await writeFile(join(folder, 'swespot.config.json'), JSON.stringify(config));
    try {
      expectBothEngines(await rolloutEngines('config.jsonl', []));
      // The command line replaces the file's pool (it does not add to it): every run on the one engine given.
      expect(await rolloutEngines('second-only.jsonl', ['--docker-host', second])).toEqual(Array.from({ length: 4 }, () => 'engine-second'));
    } finally {
      await rm(join(folder, 'swespot.config.json'));
    }
  }, 300_000);

  it('reaches remote engines: tcp:// with TLS from DOCKER_CERT_PATH, ssh:// with the key and known_hosts of sandbox.engines', async () => {
    const allSecond = Array.from({ length: 4 }, () => 'engine-second');
    expect(await rolloutEngines('tls.jsonl', ['--docker-host', engine.host], { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: engine.tlsDirectory! })).toEqual(allSecond);
    const config = {
      repo: '.',
      cutoff: '2024-06-30',
      teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      student: { provider: 'openai', model: 'Qwen/Qwen3-4B-Instruct-2507', baseUrl: 'http://127.0.0.1:8000/v1' },
      sandbox: { engines: [{ host: ssh.host, identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile }, { host: engine.host, tlsDirectory: engine.tlsDirectory! }] },
    };
    await writeFile(join(folder, 'swespot.config.json'), JSON.stringify(config));
    try {
      expect(await rolloutEngines('ssh.jsonl', [])).toEqual(allSecond);
    } finally {
      await rm(join(folder, 'swespot.config.json'));
    }
  }, 300_000);
});

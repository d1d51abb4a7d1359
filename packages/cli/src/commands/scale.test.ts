import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestServer, type TestServerCall } from '@swespot-tools/test-server';
import { readJsonlToArray, readShardManifest, selectShard, trajectorySchema } from '@swespot/core';
import { validateBatchJob } from '@swespot/train-launcher/kubernetes';
import { installSlurmStubs } from '@swespot/train-launcher/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../run-cli';

const exec = promisify(execFile);
const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'bin.js');

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const taskIds = Array.from({ length: 9 }, (_, index) => `totals__bug-${index}`);
const tasks = taskIds.map((id) => ({
  schemaVersion: 1,
  id,
  kind: 'bugfix',
  repo: 'swespot/totals',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
  environment: { image: 'swespot/totals:test' },
  testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
  provenance: { source: 'manual', createdAt: '2024-01-02T00:00:00Z' },
  seed: 0,
  problemStatement: `Fix ${id}.`,
  goldPatch: '',
  testPatch: '',
  failToPass: ['t'],
  passToPass: [],
  bugOrigin: { type: 'synthetic', strategy: 'manual' },
}));

function reply(call: TestServerCall) {
  return {
    type: 'json' as const,
    body: {
      id: `chatcmpl-${call.routeCallIndex}`,
      object: 'chat.completion',
      created: 1,
      model: 'qwen',
      choices: [{ index: 0, message: { role: 'assistant', content: 'THOUGHT: submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff\n```' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
  };
}

describe('swespot scale emit', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-scale-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function run(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {} });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('a Slurm job array of 3 rollout shards, run by stub sbatch/srun with the real swespot, merges into every task once', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    const runDirectory = join(folder, 'run');
    await mkdir(join(runDirectory, 'repo'), { recursive: true });
    await writeFile(join(runDirectory, 'tasks.jsonl'), tasks.map((task) => `${JSON.stringify(task)}\n`).join(''));
    await writeFile(join(runDirectory, 'repo', 'total.js'), 'export const total = () => 0;\n');
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'x']]) {
      await exec('git', args, { cwd: join(runDirectory, 'repo') });
    }
    // How the cluster nodes call swespot: here, the built CLI of this checkout.
    const swespot = join(folder, 'swespot');
    await writeFile(swespot, `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"\n`);
    await chmod(swespot, 0o755);
    const server = await createTestServer({ 'POST /v1/chat/completions': reply });
    try {
      const emitted = await run([
        'scale', 'emit', '--stage', 'rollout', '--target', 'slurm', '--shards', '3', '--parallel', '2', '--run-dir', runDirectory, '--out', 'job', '--swespot', swespot, '--retries', '0',
        '--', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--sandbox', 'local', '--unsafe', '--workspace', 'repo',
      ]);
      expect(emitted.stderr).toBe('');
      expect(emitted.stdout).toContain(`swespot-rollout: 3 shards of 'rollout' on slurm, merged into ${runDirectory}/trajectories.jsonl`);
      const script = await readFile(join(folder, 'job', 'shards.sbatch'), 'utf8');
      expect(script).toContain('#SBATCH --array=0-2%2\n');
      expect(script).toContain('--shard "${shard}"/3 --out rollout/shard-"${shard}".jsonl');

      const stubs = await installSlurmStubs(join(folder, 'slurm'));
      const submitted = await exec('bash', [join(folder, 'job', 'submit.sh')], { env: { PATH: `${stubs.binDirectory}:${process.env.PATH}`, STUB_RECORD_DIR: stubs.recordDirectory, HOME: folder } });
      expect(submitted.stdout).toContain('shards: job array 1000 (3 tasks); merge: job 1001 after all succeeded');
      for (let index = 0; index < 3; index += 1) {
        expect(await readShardManifest(join(runDirectory, `rollout/shard-${index}.shard.json`))).toMatchObject({ shard: { index, count: 3 }, status: 'complete', selected: selectShard(taskIds, { index, count: 3 }, (id) => id).length });
        const shard = await readJsonlToArray(join(runDirectory, `rollout/shard-${index}.jsonl`), { schema: trajectorySchema });
        expect(shard.map((trajectory) => trajectory.taskId).sort()).toEqual(selectShard(taskIds, { index, count: 3 }, (id) => id).sort());
      }
      const merged = await readJsonlToArray(join(runDirectory, 'trajectories.jsonl'), { schema: trajectorySchema });
      expect(merged.map((trajectory) => trajectory.taskId).sort()).toEqual([...taskIds].sort());
      expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(9);
      expect((await stubs.calls()).filter((call) => call.program === 'srun')).toHaveLength(4);
    } finally {
      await server.close();
    }
  }, 300_000);

  it('a Kubernetes Indexed Job for eval shards, valid as a batch/v1 Job', async () => {
    const emitted = await run([
      'scale', 'emit', '--stage', 'eval', '--target', 'kubernetes', '--shards', '1000', '--parallel', '40', '--run-dir', '/runs/june', '--out', 'k8s',
      '--image', 'registry.example/swespot:1', '--pvc', 'runs', '--cpus', '4', '--memory-gib', '12', '--env', 'OPENAI_BASE_URL=http://vllm:8000/v1', '--',
      '--task', 'sbv', '--data', 'sbv.jsonl', '--model', 'vllm:qwen',
    ]);
    expect(emitted.stderr).toBe('');
    const job = parse(await readFile(join(folder, 'k8s', 'shards-job.yaml'), 'utf8')) as Record<string, any>;
    expect(validateBatchJob(job)).toEqual([]);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 1000, parallelism: 40, backoffLimitPerIndex: 2 });
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      command: ['swespot'],
      args: ['eval', 'run', '--task', 'sbv', '--data', 'sbv.jsonl', '--model', 'vllm:qwen', '--shard', '$(JOB_COMPLETION_INDEX)/1000', '--out', 'eval/shard-$(JOB_COMPLETION_INDEX)'],
      env: [{ name: 'OPENAI_BASE_URL', value: 'http://vllm:8000/v1' }],
      resources: { requests: { cpu: '4', memory: '12288Mi' } },
    });
    const merge = parse(await readFile(join(folder, 'k8s', 'merge-job.yaml'), 'utf8')) as Record<string, any>;
    expect(validateBatchJob(merge)).toEqual([]);
    expect(merge.spec.template.spec.containers[0].args).toEqual(['merge', 'eval', '--out', 'eval-results.jsonl']);
  });

  it('says what is missing or wrong', async () => {
    const kubernetes = await run(['scale', 'emit', '--stage', 'rollout', '--target', 'kubernetes', '--shards', '0', '--run-dir', 'relative', '--out', 'k8s']);
    expect(kubernetes.exitCode).toBe(1);
    expect(kubernetes.stderr.split('\n').filter(Boolean).sort()).toEqual([
      '--image: required for --target kubernetes: the container image with swespot in it',
      '--pvc: required for --target kubernetes: a ReadWriteMany PersistentVolumeClaim holding the run folder (mounted at --run-dir)',
      '--run-dir: expected an absolute path (the same on every node)',
      '--shards: expected 1 or more shards',
    ]);
    const reserved = await run(['scale', 'emit', '--stage', 'rollout', '--target', 'slurm', '--shards', '3', '--run-dir', '/runs/x', '--out', 'job', '--', 'tasks.jsonl', '--shard', '1/3']);
    expect(reserved).toMatchObject({ exitCode: 1, stderr: '--shard: set by scale emit for every shard (--shard I/3, --out under --run-dir); leave it out of the stage arguments\n' });
    const name = await run(['scale', 'emit', '--stage', 'rollout', '--target', 'slurm', '--shards', '3', '--run-dir', '/runs/x', '--out', 'job', '--name', 'My_Job']);
    expect(name.exitCode).toBe(1);
    expect(name.stderr).toContain('name: expected lower-case letters, digits and -');
  });
});

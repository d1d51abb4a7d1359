import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const run = promisify(execFile);

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const row = JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] });
const units = ['software-design', 'contextual-implementation', 'evolutionary-replay', 'semantic-runtime-alignment'];

describe('swespot train', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-train-'));
    await mkdir(join(folder, 'data'));
    for (const unit of units) await writeFile(join(folder, 'data', `${unit}.jsonl`), `${row}\n`.repeat(100));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function swespot(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {} });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('writes the Slurm job for the paper preset and prints the plan and memory estimate', async () => {
    const result = await swespot(['train', '--preset', 'swespot-4b', '--target', 'slurm', '--out', 'jobs/run1', '--set', 'cluster.nodes=2', '--set', 'cluster.sharedStorage.modelscopeCache=/shared/ms']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(4);
    expect(result.stderr).toContain('warning: datasets.0: #2048 draws more rows than the 100 in data/software-design.jsonl: ms-swift repeats the file 20× and adds 48 random repeats');
    expect(result.stdout).toContain('swespot-4b: megatron sft, ms-swift 3.11, target slurm');
    expect(result.stdout).toContain('Rows per epoch: 8192; optimizer steps: 1024.');
    expect(result.stdout).toMatch(/total per GPU +\d+\.\d GiB of 140\.4 GiB \(limit 126\.4\): fits/);
    expect((await readdir(join(folder, 'jobs/run1'))).sort()).toEqual(['job.yaml', 'train.sbatch']);
    const script = await readFile(join(folder, 'jobs/run1/train.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --nodes=2');
    expect(script).toContain('# Memory estimate per GPU (GiB):');
    await run('shellcheck', ['--shell=bash', join(folder, 'jobs/run1/train.sbatch')]);
    expect(((await stat(join(folder, 'jobs/run1/train.sbatch'))).mode & 0o111) !== 0).toBe(true);
  });

  it('writes a PyTorchJob for k8s with the 4.x names from a job file', async () => {
    await writeFile(
      join(folder, 'job.yaml'),
      [
        'name: repo-expert',
        'model: { id: Qwen/Qwen3-4B-Instruct-2507 }',
        'datasets: [data/software-design.jsonl]',
        'epochs: 1',
        'sequence: { maxLength: 16384 }',
        'recompute: { granularity: full }',
        'output: { dir: /shared/out }',
        'cluster: { nodes: 2, gpusPerNode: 8, gpuType: H100, containerImage: "modelscope/ms-swift:4.5.2" }',
      ].join('\n'),
    );
    // Two pods without a shared volume would each keep their own checkpoints: refused, nothing written.
    const refused = await swespot(['train', '--job', 'job.yaml', '--swift-version', '4.5', '--target', 'k8s', '--out', 'k8s']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^cluster\.kubernetes\.persistentVolumeClaim: a 2-node job needs a volume every pod mounts/m);
    await expect(stat(join(folder, 'k8s'))).rejects.toThrow();

    const result = await swespot(['train', '--job', 'job.yaml', '--swift-version', '4.5', '--target', 'k8s', '--out', 'k8s', '--set', 'cluster.kubernetes.persistentVolumeClaim=team-rwx']);
    expect(result.exitCode).toBe(0);
    const document = await readFile(join(folder, 'k8s/pytorchjob.yaml'), 'utf8');
    expect(document).toContain('apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: repo-expert\n');
    expect(document).toMatch(/\n {4}Worker:\n {6}replicas: 1\n/);
    expect(document).toContain('nprocPerNode: "8"');
    expect(document).toContain('- --num_train_epochs\n');
    expect(document).not.toContain('--max_epochs');
    expect(document).toContain('claimName: team-rwx');
    expect(document).toContain('backoffLimit: 2');
  });

  it('rejects the default selective recompute at 32k on 2×H200 with the fix, and writes nothing', async () => {
    const result = await swespot(['train', '--preset', 'swespot-4b', '--set', 'recompute.granularity=selective', '--target', 'local', '--out', 'out']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^recompute\.granularity: estimated 218\.\d GiB per GPU/);
    expect(result.stderr).toContain('--set recompute.granularity=full');
    await expect(stat(join(folder, 'out'))).rejects.toThrow();
  });

  it('reports bad input as path: message lines', async () => {
    await writeFile(join(folder, 'data', 'software-design.jsonl'), `${row}\n{"messages": [{"role": "assistant", "content": "a"}]}\n`);
    const result = await swespot(['train', '--preset', 'swespot-4b', '--set', 'batch.global=15', '--target', 'local', '--out', 'out']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('batch.global: the global batch 15 is not divisible by micro batch × data-parallel size = 1 × 2 = 2');
    expect(result.stderr).toContain(`datasets.0: ${join(folder, 'data', 'software-design.jsonl')}:2: invalid ms-swift record:`);
    const neither = await swespot(['train', '--target', 'local', '--out', 'out']);
    expect(neither).toMatchObject({ exitCode: 1, stderr: 'train: give exactly one of --preset NAME and --job job.yaml\n' });
    const badTarget = await swespot(['train', '--preset', 'swespot-4b', '--target', 'ray', '--out', 'out']);
    expect(badTarget.exitCode).toBe(2);
  });
});

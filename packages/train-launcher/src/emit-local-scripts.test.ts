import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkShellScript, runScript } from './__fixtures__/check-shell-script';
import { installLauncherStubs, type LauncherStubs } from './__fixtures__/install-launcher-stubs';
import { parseFixtureCommand } from './__fixtures__/parse-shell-command';
import { emitLocalScripts } from './emit-local-scripts';
import { loadTrainJob } from './load-train-job';
import { renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { toArgv } from './swift-argument';
import { writeEmittedFiles } from './write-emitted-files';

describe('emitLocalScripts', () => {
  let folder: string;
  let stubs: LauncherStubs;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-local-'));
    stubs = await installLauncherStubs();
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
    await rm(join(stubs.binDirectory, '..'), { recursive: true, force: true });
  });

  async function emit(preset: string, set: string[], swiftVersion?: string) {
    const { job } = await loadTrainJob({ preset, set, swiftVersion });
    const files = emitLocalScripts(job, { headerLines: ['Memory estimate: test'] });
    await writeEmittedFiles(folder, files);
    return { job, files };
  }

  it('writes scripts that pass bash -n and shellcheck, for every preset, version and weights mode', async () => {
    for (const [preset, weights, version] of [
      ['swespot-4b', 'bridge', '3.11'],
      ['swespot-4b', 'mcore', '4.5'],
      ['swespot-4b-lora', 'bridge', '3.12'],
      ['swe-lego-8b', 'bridge', '4.5'],
    ] as const) {
      const { files } = await emit(preset, [`weights=${weights}`, "cluster.workingDirectory=/shared/it's here", 'environment.NOTE=a "quoted" $value'], version);
      for (const file of files) await checkShellScript(join(folder, file.path));
      expect(files.map((file) => file.path)).toEqual(weights === 'mcore' ? ['train.sh', 'convert-to-mcore.sh', 'export-to-hf.sh'] : ['train.sh']);
    }
  });

  it("runs the paper's job on one node with the paper's environment and arguments, through torchrun", async () => {
    const { job } = await emit('swespot-4b', []);
    const result = await runScript(join(folder, 'train.sh'), { cwd: folder, env: stubs.environment });
    expect(result).toMatchObject({ code: 0 });
    const calls = await stubs.calls();
    const megatron = calls.find((call) => call.program === 'megatron');
    const torchrun = calls.find((call) => call.program === 'torchrun');
    expect(megatron?.argv).toEqual(['sft', ...toArgv(renderMegatronSftArguments(job))]);
    const paper = parseFixtureCommand(await readFile(new URL('./__fixtures__/swe-spot-mix-django.sh', import.meta.url), 'utf8'), 'megatron');
    for (const name of ['CUDA_VISIBLE_DEVICES', 'NPROC_PER_NODE', 'OMP_NUM_THREADS', 'PYTORCH_CUDA_ALLOC_CONF']) {
      expect({ name, value: megatron?.env[name] }).toEqual({ name, value: paper.environment[name] });
    }
    expect(megatron?.env).toMatchObject({ NNODES: '1', NODE_RANK: '0', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '29500' });
    expect(torchrun?.argv.slice(0, 6)).toEqual([
      '--nproc_per_node=2',
      '--master_port=29500',
      '--nnodes=1',
      '--node_rank=0',
      '--master_addr=127.0.0.1',
      'swift/cli/_megatron/sft.py',
    ]);
  });

  it('gives each of two nodes its NODE_RANK, the shared NNODES and MASTER_ADDR, and the same arguments', async () => {
    const { job } = await emit('swespot-4b', ['cluster.nodes=2', 'cluster.sharedStorage.modelscopeCache=/shared/modelscope']);
    for (const rank of ['0', '1']) {
      const result = await runScript(join(folder, 'train.sh'), { cwd: folder, env: { ...stubs.environment, NODE_RANK: rank, MASTER_ADDR: '10.0.0.7' } });
      expect(result.code).toBe(0);
    }
    const calls = (await stubs.calls()).filter((call) => call.program === 'torchrun');
    expect(calls.map((call) => call.argv.slice(0, 5)).sort()).toEqual([
      ['--nproc_per_node=2', '--master_port=29500', '--nnodes=2', '--node_rank=0', '--master_addr=10.0.0.7'],
      ['--nproc_per_node=2', '--master_port=29500', '--nnodes=2', '--node_rank=1', '--master_addr=10.0.0.7'],
    ]);
    for (const call of calls) {
      expect(call.argv.slice(6)).toEqual(toArgv(renderMegatronSftArguments(job)));
      expect(call.env.MODELSCOPE_CACHE).toBe('/shared/modelscope');
    }
  });

  it('refuses to start a multi-node run without NODE_RANK, or with one out of range', async () => {
    await emit('swespot-4b', ['cluster.nodes=2']);
    const missing = await runScript(join(folder, 'train.sh'), { cwd: folder, env: { ...stubs.environment, MASTER_ADDR: '10.0.0.7' } });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("set NODE_RANK to the index of this node, 0 to 1");
    const outside = await runScript(join(folder, 'train.sh'), { cwd: folder, env: { ...stubs.environment, MASTER_ADDR: '10.0.0.7', NODE_RANK: '2' } });
    expect(outside.stderr).toContain('NODE_RANK=2 is outside 0..1');
    expect(await stubs.calls()).toEqual([]);
  });

  it('converts to mcore and exports the newest checkpoint to HF with swift export', async () => {
    await emit('swespot-4b', ['weights=mcore', `output.dir=${join(folder, 'out')}`], '4.5');
    expect((await runScript(join(folder, 'convert-to-mcore.sh'), { cwd: folder, env: stubs.environment })).code).toBe(0);
    const missing = await runScript(join(folder, 'export-to-hf.sh'), { cwd: folder, env: stubs.environment });
    expect(missing.stderr).toContain('no Megatron checkpoint');
    const checkpoint = join(folder, 'out', 'v0-20260101-000000');
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(join(checkpoint, 'iter_0000512'), { recursive: true });
      await fs.writeFile(join(checkpoint, 'latest_checkpointed_iteration.txt'), '512');
    });
    expect((await runScript(join(folder, 'export-to-hf.sh'), { cwd: folder, env: stubs.environment })).code).toBe(0);
    const swiftCalls = (await stubs.calls()).filter((call) => call.program === 'swift');
    expect(swiftCalls.map((call) => call.argv)).toEqual([
      ['export', '--model', 'Qwen/Qwen3-4B-Instruct-2507', '--use_hf', 'true', '--to_mcore', 'true', '--torch_dtype', 'bfloat16', '--output_dir', `${join(folder, 'out')}-base-mcore`],
      ['export', '--mcore_model', checkpoint, '--to_hf', 'true', '--torch_dtype', 'bfloat16', '--output_dir', `${join(folder, 'out')}-hf`],
    ]);
  });
});

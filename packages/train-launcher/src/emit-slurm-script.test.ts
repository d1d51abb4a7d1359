import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkShellScript, runScript } from './__fixtures__/check-shell-script';
import { installLauncherStubs, type LauncherStubs } from './__fixtures__/install-launcher-stubs';
import { emitSlurmScript } from './emit-slurm-script';
import { loadTrainJob } from './load-train-job';
import { renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { renderSwiftSftArguments } from './render-swift-sft-arguments';
import { toArgv } from './swift-argument';
import { writeEmittedFiles } from './write-emitted-files';

describe('emitSlurmScript', () => {
  let folder: string;
  let stubs: LauncherStubs;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-slurm-'));
    stubs = await installLauncherStubs();
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
    await rm(join(stubs.binDirectory, '..'), { recursive: true, force: true });
  });

  const slurmEnvironment = { SLURM_JOB_NODELIST: 'gpu[07-08]', SLURM_NNODES: '2', SLURM_JOB_ID: '4242', SLURM_NODEID: '0' };

  async function emit(preset: string, set: string[], swiftVersion?: string) {
    const { job } = await loadTrainJob({ preset, set, swiftVersion });
    await writeEmittedFiles(folder, emitSlurmScript(job, { headerLines: ['Memory estimate: test'] }));
    return job;
  }

  it('writes sbatch scripts that pass bash -n and shellcheck', async () => {
    for (const set of [
      [],
      ['weights=mcore', 'cluster.partition=gpu', 'cluster.account=lab', 'cluster.timeLimit=2-00:00:00', 'cluster.cpusPerTask=64'],
      ['cluster.containerImage=nvcr.io#ms-swift:4.5', 'cluster.sharedStorage.mounts=[/shared, /scratch]', 'cluster.workingDirectory=/shared/run'],
      ['backend=swift'],
    ]) {
      await emit('swespot-4b', ['cluster.nodes=2', ...set], '4.5');
      await checkShellScript(join(folder, 'train.sbatch'));
    }
    const script = await readFile(join(folder, 'train.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --nodes=2\n#SBATCH --ntasks-per-node=1\n#SBATCH --gpus-per-node=2');
    expect(script).not.toContain('CUDA_VISIBLE_DEVICES');
  });

  it('starts one task per node, each with its NODE_RANK from SLURM_NODEID, the first host as master, and the same arguments', async () => {
    const job = await emit('swespot-4b', ['cluster.nodes=2', 'cluster.sharedStorage.modelscopeCache=/shared/modelscope', 'cluster.sharedStorage.huggingfaceHome=/shared/hf']);
    const result = await runScript(join(folder, 'train.sbatch'), { cwd: folder, env: { ...stubs.environment, ...slurmEnvironment } });
    expect(result).toMatchObject({ code: 0 });
    const calls = await stubs.calls();
    const megatron = calls.filter((call) => call.program === 'megatron').sort((left, right) => Number(left.env.NODE_RANK) - Number(right.env.NODE_RANK));
    expect(megatron.map((call) => call.env)).toEqual(
      ['0', '1'].map((rank, index) =>
        expect.objectContaining({
          NODE_RANK: rank,
          SLURM_NODEID: rank,
          SLURMD_NODENAME: `gpu0${7 + index}`,
          NNODES: '2',
          NPROC_PER_NODE: '2',
          MASTER_ADDR: 'gpu07',
          MASTER_PORT: '29500',
          MODELSCOPE_CACHE: '/shared/modelscope',
          HF_HOME: '/shared/hf',
        }),
      ),
    );
    for (const call of megatron) expect(call.argv).toEqual(['sft', ...toArgv(renderMegatronSftArguments(job))]);
    const torchrun = calls.filter((call) => call.program === 'torchrun').map((call) => call.argv.slice(0, 5).join(' ')).sort();
    expect(torchrun).toEqual([
      '--nproc_per_node=2 --master_port=29500 --nnodes=2 --node_rank=0 --master_addr=gpu07',
      '--nproc_per_node=2 --master_port=29500 --nnodes=2 --node_rank=1 --master_addr=gpu07',
    ]);
  });

  it('runs swift sft the same way for the swift backend', async () => {
    const job = await emit('swespot-4b', ['cluster.nodes=2', 'backend=swift'], '4.5');
    expect((await runScript(join(folder, 'train.sbatch'), { cwd: folder, env: { ...stubs.environment, ...slurmEnvironment } })).code).toBe(0);
    const swift = (await stubs.calls()).filter((call) => call.program === 'swift');
    expect(swift.map((call) => call.env.NODE_RANK).sort()).toEqual(['0', '1']);
    expect(swift[0]?.argv).toEqual(['sft', ...toArgv(renderSwiftSftArguments(job))]);
  });

  it('converts once before training and exports once after, on the first node', async () => {
    const output = join(folder, 'out');
    await emit('swespot-4b', ['cluster.nodes=2', 'weights=mcore', `output.dir=${output}`], '4.5');
    // The stub megatron writes no checkpoint; lay one down as training would.
    await mkdir(join(output, 'v1-x', 'iter_0001024'), { recursive: true });
    await writeFile(join(output, 'v1-x', 'latest_checkpointed_iteration.txt'), '1024');
    expect((await runScript(join(folder, 'train.sbatch'), { cwd: folder, env: { ...stubs.environment, ...slurmEnvironment } })).code).toBe(0);
    const calls = await stubs.calls();
    const swift = calls.filter((call) => call.program === 'swift');
    expect(swift.map((call) => [call.argv[0], call.argv.includes('--to_mcore') ? 'to_mcore' : 'to_hf', call.env.SLURM_NODEID])).toEqual([
      ['export', 'to_mcore', '0'],
      ['export', 'to_hf', '0'],
    ]);
    expect(swift[1]?.argv).toContain(join(output, 'v1-x'));
    expect(calls.filter((call) => call.program === 'megatron')).toHaveLength(2);
  });

  it('asks for memory and a time limit (defaults written down), and gives each task its CPUs through srun too', async () => {
    await emit('swespot-4b', ['cluster.nodes=2']);
    let script = await readFile(join(folder, 'train.sbatch'), 'utf8');
    // Under --exclusive Slurm grants only the memory asked for: --mem=0 asks for all of each node's.
    expect(script).toContain('#SBATCH --cpus-per-task=16\n');
    expect(script).toContain('#SBATCH --mem=0\n');
    expect(script).toContain('#SBATCH --time=2-00:00:00\n');
    expect(script).toContain('# Defaults (set in the job): cluster.cpusPerTask 16 (8 per GPU), cluster.memoryPerNodeGiB all of the node (--mem=0), cluster.timeLimit 2-00:00:00.');
    await checkShellScript(join(folder, 'train.sbatch'));
    expect((await runScript(join(folder, 'train.sbatch'), { cwd: folder, env: { ...stubs.environment, ...slurmEnvironment } })).code).toBe(0);
    const sruns = (await stubs.calls()).filter((call) => call.program === 'srun');
    expect(sruns).toHaveLength(1);
    expect(sruns[0]?.argv).toContain('--cpus-per-task=16');

    await emit('swespot-4b', ['cluster.nodes=2', 'weights=mcore', 'cluster.cpusPerTask=48', 'cluster.memoryPerNodeGiB=400', 'cluster.timeLimit=1-12:00:00']);
    script = await readFile(join(folder, 'train.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --cpus-per-task=48\n#SBATCH --mem=400G\n');
    expect(script).toContain('#SBATCH --time=1-12:00:00\n');
    expect(script).not.toContain('# Defaults');
    for (const line of script.split('\n').filter((line) => /^\s*srun /.test(line))) expect(line).toContain('--cpus-per-task=48');
    expect(script.split('\n').filter((line) => /^\s*srun /.test(line))).toHaveLength(3);
    await emit('swespot-4b', ['cluster.memoryPerNodeGiB=95.5']);
    expect(await readFile(join(folder, 'train.sbatch'), 'utf8')).toContain('#SBATCH --mem=97792M\n');
  });

  it('exports the NCCL settings of a multi-node job on every node', async () => {
    await emit('swespot-4b', ['cluster.nodes=2', 'cluster.nccl={socketInterface: ib0, ibHca: "mlx5_0,mlx5_1", debug: WARN}']);
    await checkShellScript(join(folder, 'train.sbatch'));
    expect((await runScript(join(folder, 'train.sbatch'), { cwd: folder, env: { ...stubs.environment, ...slurmEnvironment } })).code).toBe(0);
    const megatron = (await stubs.calls()).filter((call) => call.program === 'megatron');
    expect(megatron).toHaveLength(2);
    for (const call of megatron) {
      expect(call.env).toMatchObject({ NCCL_SOCKET_IFNAME: 'ib0', GLOO_SOCKET_IFNAME: 'ib0', NCCL_IB_HCA: 'mlx5_0,mlx5_1', NCCL_DEBUG: 'WARN' });
    }
    await expect(loadTrainJob({ preset: 'swespot-4b', set: ['cluster.nccl.debug=LOUD'] })).rejects.toThrow(/cluster\.nccl\.debug/);
  });
});

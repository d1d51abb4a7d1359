import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a stub recorded about one call. */
export interface StubCall {
  /** `megatron`, `swift`, `torchrun`, `srun` (its flags only). */
  program: string;
  /** Its arguments. */
  argv: string[];
  /** The launch-relevant environment it saw. */
  env: Record<string, string>;
  /** Milliseconds since the epoch, to order calls. */
  time: number;
}

const recordedVariables = [
  'NNODES', 'NODE_RANK', 'MASTER_ADDR', 'MASTER_PORT', 'NPROC_PER_NODE', 'CUDA_VISIBLE_DEVICES', 'OMP_NUM_THREADS',
  'PYTORCH_CUDA_ALLOC_CONF', 'MODELSCOPE_CACHE', 'HF_HOME', 'SLURM_NODEID', 'SLURM_PROCID', 'SLURMD_NODENAME',
  'PET_NNODES', 'PET_NODE_RANK', 'PET_NPROC_PER_NODE', 'WORLD_SIZE', 'RANK',
  'NCCL_SOCKET_IFNAME', 'GLOO_SOCKET_IFNAME', 'NCCL_IB_HCA', 'NCCL_DEBUG',
];

const recorder = `
const fs = require('node:fs');
const path = require('node:path');
function record(program, argv) {
  const env = {};
  for (const name of ${JSON.stringify(recordedVariables)}) if (process.env[name] !== undefined) env[name] = process.env[name];
  const file = path.join(process.env.STUB_RECORD_DIR, program + '-' + process.pid + '-' + Math.random().toString(36).slice(2) + '.json');
  fs.writeFileSync(file, JSON.stringify({ program, argv, env, time: Date.now() }));
}
`;

// Like ms-swift's cli (swift/cli/main.py): when NPROC_PER_NODE or NNODES is set, re-exec under
// torchrun with exactly those five variables turned into flags.
const swiftCli = (program: string, script: string) => `#!/usr/bin/env node
${recorder}
const { spawnSync } = require('node:child_process');
const argv = process.argv.slice(2);
record(${JSON.stringify(program)}, argv);
if (process.env.NPROC_PER_NODE !== undefined || process.env.NNODES !== undefined) {
  const flags = [];
  for (const [name, flag] of [['NPROC_PER_NODE', '--nproc_per_node'], ['MASTER_PORT', '--master_port'], ['NNODES', '--nnodes'], ['NODE_RANK', '--node_rank'], ['MASTER_ADDR', '--master_addr']]) {
    if (process.env[name] !== undefined) flags.push(flag + '=' + process.env[name]);
  }
  const result = spawnSync('torchrun', [...flags, ${JSON.stringify(script)}, ...argv.slice(1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
`;

const torchrun = `#!/usr/bin/env node
${recorder}
record('torchrun', process.argv.slice(2));
`;

// srun: records its own flags, then runs the command once per node (--nodes, else
// SLURM_NNODES) with the per-task variables Slurm sets; --ntasks=1 runs it once on the first node.
const srun = `#!/usr/bin/env node
${recorder}
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
let nodes = Number(process.env.SLURM_NNODES ?? 1);
let index = 0;
for (; index < args.length && args[index].startsWith('-'); index += 1) {
  const [flag, value] = args[index].split('=');
  if (flag === '--nodes' || flag === '-N') nodes = Number(value);
  if (flag === '--ntasks' && Number(value) === 1) nodes = 1;
}
const command = args.slice(index);
record('srun', args.slice(0, index));
const hosts = spawnSync('scontrol', ['show', 'hostnames', process.env.SLURM_JOB_NODELIST ?? ''], { encoding: 'utf8' }).stdout.trim().split('\\n');
let status = 0;
for (let node = 0; node < nodes; node += 1) {
  const env = { ...process.env, SLURM_NODEID: String(node), SLURM_PROCID: String(node), SLURMD_NODENAME: hosts[node] ?? 'node' + node };
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
`;

// scontrol show hostnames gpu[07-08],cpu1 -> one host per line.
const scontrol = `#!/usr/bin/env node
const [, , verb, what, list = ''] = process.argv;
if (verb !== 'show' || what !== 'hostnames') process.exit(2);
const hosts = [];
for (const part of list.match(/[^,\\[]+(\\[[^\\]]*\\])?/g) ?? []) {
  const match = /^(.*)\\[(.*)\\]$/.exec(part);
  if (!match) { hosts.push(part); continue; }
  for (const range of match[2].split(',')) {
    const [start, end = start] = range.split('-');
    for (let number = Number(start); number <= Number(end); number += 1) hosts.push(match[1] + String(number).padStart(start.length, '0'));
  }
}
console.log(hosts.join('\\n'));
`;

/** A folder of stub launchers to put first on PATH, and the calls they recorded. */
export interface LauncherStubs {
  /** The folder holding `megatron`, `swift`, `torchrun`, `srun`, `scontrol`. */
  binDirectory: string;
  /** Where the stubs write their records (the `STUB_RECORD_DIR` they read). */
  recordDirectory: string;
  /** An environment for running emitted scripts: PATH with the stubs first, HOME, STUB_RECORD_DIR. */
  environment: Record<string, string>;
  /** Every recorded call, oldest first. */
  calls(): Promise<StubCall[]>;
}

/**
 * Writes stub `megatron` / `swift` (recording argv and launch env, then re-executing under
 * torchrun like ms-swift's CLI), `torchrun` (recording), `srun` (running the task once per node
 * with `SLURM_NODEID`/`SLURM_PROCID` set) and `scontrol show hostnames` into a temp folder.
 */
export async function installLauncherStubs(): Promise<LauncherStubs> {
  const root = await mkdtemp(join(tmpdir(), 'swespot-launcher-stubs-'));
  const binDirectory = join(root, 'bin');
  const recordDirectory = join(root, 'records');
  await mkdir(binDirectory);
  await mkdir(recordDirectory);
  const stubs: Record<string, string> = {
    megatron: swiftCli('megatron', 'swift/cli/_megatron/sft.py'),
    swift: swiftCli('swift', 'swift/cli/sft.py'),
    torchrun,
    srun,
    scontrol,
  };
  for (const [name, content] of Object.entries(stubs)) {
    await writeFile(join(binDirectory, name), content);
    await chmod(join(binDirectory, name), 0o755);
  }
  return {
    binDirectory,
    recordDirectory,
    environment: {
      PATH: `${binDirectory}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: root,
      STUB_RECORD_DIR: recordDirectory,
    },
    async calls() {
      const names = await readdir(recordDirectory);
      const calls = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(recordDirectory, name), 'utf8')) as StubCall));
      return calls.sort((left, right) => left.time - right.time);
    },
  };
}

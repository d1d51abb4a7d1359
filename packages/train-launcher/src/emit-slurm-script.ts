import type { EmitOptions, EmittedFile } from './emitted-file';
import { DEFAULT_CPUS_PER_GPU, DEFAULT_SLURM_TIME_LIMIT, resolveCpusPerTask } from './cluster-resources';
import { renderJobCommands, renderJobEnvironment } from './render-launch';
import { renderCommandLine, renderFindCheckpoint, renderHeader } from './render-step-script';
import { renderBashArray, renderExports, shellQuote } from './shell-script';
import type { TrainJob } from './train-job-schema';

/** `--mem`: whole GiB as `NG`, fractions in MiB; `0` (all of each node's memory) when unset. */
function slurmMemory(gibibytes: number | undefined): string {
  if (gibibytes === undefined) return '0';
  return Number.isInteger(gibibytes) ? `${gibibytes}G` : `${Math.ceil(gibibytes * 1024)}M`;
}

/**
 * Emits `train.sbatch`: one Slurm task per node (`--ntasks-per-node=1`; ms-swift starts the
 * per-GPU processes itself through torchrun), `MASTER_ADDR` from the first host of
 * `scontrol show hostnames "$SLURM_JOB_NODELIST"`, `NNODES` from `SLURM_NNODES`, and
 * `NODE_RANK` from `SLURM_NODEID`, read inside each task (in the batch script it is 0 on every
 * node). `CUDA_VISIBLE_DEVICES` is left to Slurm's gres. It asks for CPUs (`--cpus-per-task`,
 * passed to every `srun` too), memory (`--mem`; under `--exclusive` Slurm grants only what is
 * asked, so `--mem=0`, all of each node's, when `cluster.memoryPerNodeGiB` is unset) and a time
 * limit (`--time`, {@link DEFAULT_SLURM_TIME_LIMIT} unless set), with a comment naming the defaults
 * used. Shared caches and the NCCL settings are exported for every node. With
 * `cluster.containerImage`, every `srun` runs in that image (pyxis
 * `--container-image`, with `sharedStorage.mounts` as `--container-mounts`). With
 * `weights: mcore`, the HF→Megatron conversion runs first and the export to HF last, each as a
 * one-task step on the first node.
 */
export function emitSlurmScript(job: TrainJob, options: EmitOptions = {}): EmittedFile[] {
  const commands = renderJobCommands(job);
  const { cluster } = job;
  const cpus = resolveCpusPerTask(cluster);
  const directives = [
    `#SBATCH --job-name=${job.name}`,
    `#SBATCH --nodes=${cluster.nodes}`,
    '#SBATCH --ntasks-per-node=1',
    `#SBATCH --gpus-per-node=${cluster.gpusPerNode}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    `#SBATCH --mem=${slurmMemory(cluster.memoryPerNodeGiB)}`,
    `#SBATCH --time=${cluster.timeLimit ?? DEFAULT_SLURM_TIME_LIMIT}`,
    ...(cluster.partition ? [`#SBATCH --partition=${cluster.partition}`] : []),
    ...(cluster.account ? [`#SBATCH --account=${cluster.account}`] : []),
    '#SBATCH --exclusive',
    `#SBATCH --output=${job.name}-%j.out`,
  ];
  const defaults = [
    ...(cluster.cpusPerTask === undefined ? [`cluster.cpusPerTask ${cpus} (${DEFAULT_CPUS_PER_GPU} per GPU)`] : []),
    ...(cluster.memoryPerNodeGiB === undefined ? ['cluster.memoryPerNodeGiB all of the node (--mem=0)'] : []),
    ...(cluster.timeLimit === undefined ? [`cluster.timeLimit ${DEFAULT_SLURM_TIME_LIMIT}`] : []),
  ];
  const containerFlags: string[] = [];
  if (cluster.containerImage) {
    containerFlags.push(`--container-image=${cluster.containerImage}`);
    const mounts = [...cluster.sharedStorage.mounts];
    if (mounts.length > 0) containerFlags.push(`--container-mounts=${mounts.map((mount) => `${mount}:${mount}`).join(',')}`);
    if (cluster.workingDirectory) containerFlags.push(`--container-workdir=${cluster.workingDirectory}`);
  }
  const container = containerFlags.map((flag) => ` ${shellQuote(flag)}`).join('');
  const cd = cluster.workingDirectory ? `cd ${shellQuote(cluster.workingDirectory)}\n` : '';
  // Slurm 22.05 stopped srun from inheriting sbatch's --cpus-per-task (SLURM_CPUS_PER_TASK);
  // passed explicitly, each task gets its cores on every Slurm version.
  const oneTask = `srun --nodes=1 --ntasks=1 --cpus-per-task=${cpus} --kill-on-bad-exit=1${container}`;
  const convert = commands.convertToMcore
    ? `\n# HF -> Megatron conversion, once, on the first node.\n${oneTask} ${renderCommandLine(commands.convertToMcore)}\n`
    : '';
  const exportStep = commands.exportToHf
    ? `\n# Megatron -> HF export of the newest checkpoint, once, on the first node.\n${renderFindCheckpoint(job)}\n${oneTask} ${renderCommandLine(commands.exportToHf)}\n`
    : '';
  // The task command is one fixed single-quoted string: SLURM_NODEID must expand inside each
  // task, and the arguments travel as "$@", so no argument is ever re-parsed by a shell.
  const content = `#!/usr/bin/env bash
${directives.join('\n')}
${defaults.length > 0 ? `# Defaults (set in the job): ${defaults.join(', ')}.\n` : ''}${renderHeader(job, options.headerLines)}
# Submit: sbatch train.sbatch
set -euo pipefail

MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
export MASTER_ADDR
export MASTER_PORT=${cluster.masterPort}
export NNODES="$SLURM_NNODES"
export NPROC_PER_NODE=${cluster.gpusPerNode}
${renderExports(renderJobEnvironment(job))}
${cd}
${renderBashArray('arguments', commands.train.argv.slice(1))}
${convert}
# One task per node; each reads its own NODE_RANK from SLURM_NODEID.
# shellcheck disable=SC2016
srun --nodes="$SLURM_NNODES" --ntasks-per-node=1 --cpus-per-task=${cpus} --kill-on-bad-exit=1${container} \\
  bash -c 'export NODE_RANK="$SLURM_NODEID"; exec ${commands.train.program} ${commands.train.argv[0]} "$@"' ${commands.train.program}-${commands.train.argv[0]} "\${arguments[@]}"
${exportStep}`;
  return [{ path: 'train.sbatch', content, executable: true }];
}

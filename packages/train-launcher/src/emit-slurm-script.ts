import type { EmitOptions, EmittedFile } from './emitted-file';
import { renderJobCommands, renderJobEnvironment } from './render-launch';
import { renderCommandLine, renderFindCheckpoint, renderHeader } from './render-step-script';
import { renderBashArray, renderExports, shellQuote } from './shell-script';
import type { TrainJob } from './train-job-schema';

/**
 * Emits `train.sbatch`: one Slurm task per node (`--ntasks-per-node=1`; ms-swift starts the
 * per-GPU processes itself through torchrun), `MASTER_ADDR` from the first host of
 * `scontrol show hostnames "$SLURM_JOB_NODELIST"`, `NNODES` from `SLURM_NNODES`, and
 * `NODE_RANK` from `SLURM_NODEID`, read inside each task (in the batch script it is 0 on every
 * node). `CUDA_VISIBLE_DEVICES` is left to Slurm's gres. Shared caches are exported for every
 * node. With `cluster.containerImage`, every `srun` runs in that image (pyxis
 * `--container-image`, with `sharedStorage.mounts` as `--container-mounts`). With
 * `weights: mcore`, the HF→Megatron conversion runs first and the export to HF last, each as a
 * one-task step on the first node.
 */
export function emitSlurmScript(job: TrainJob, options: EmitOptions = {}): EmittedFile[] {
  const commands = renderJobCommands(job);
  const { cluster } = job;
  const directives = [
    `#SBATCH --job-name=${job.name}`,
    `#SBATCH --nodes=${cluster.nodes}`,
    '#SBATCH --ntasks-per-node=1',
    `#SBATCH --gpus-per-node=${cluster.gpusPerNode}`,
    ...(cluster.cpusPerTask ? [`#SBATCH --cpus-per-task=${cluster.cpusPerTask}`] : []),
    ...(cluster.partition ? [`#SBATCH --partition=${cluster.partition}`] : []),
    ...(cluster.account ? [`#SBATCH --account=${cluster.account}`] : []),
    ...(cluster.timeLimit ? [`#SBATCH --time=${cluster.timeLimit}`] : []),
    '#SBATCH --exclusive',
    `#SBATCH --output=${job.name}-%j.out`,
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
  const oneTask = `srun --nodes=1 --ntasks=1 --kill-on-bad-exit=1${container}`;
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
${renderHeader(job, options.headerLines)}
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
srun --nodes="$SLURM_NNODES" --ntasks-per-node=1 --kill-on-bad-exit=1${container} \\
  bash -c 'export NODE_RANK="$SLURM_NODEID"; exec ${commands.train.program} ${commands.train.argv[0]} "$@"' ${commands.train.program}-${commands.train.argv[0]} "\${arguments[@]}"
${exportStep}`;
  return [{ path: 'train.sbatch', content, executable: true }];
}

import type { EmitOptions, EmittedFile } from './emitted-file';
import { renderJobCommands, renderJobEnvironment, visibleDevices } from './render-launch';
import { renderCommandLine, renderFindCheckpoint, renderHeader } from './render-step-script';
import { renderBashArray, renderExports, shellQuote } from './shell-script';
import type { TrainJob } from './train-job-schema';

/**
 * Emits the scripts for machines without a scheduler: `train.sh`, run once on every node. It
 * exports the five variables ms-swift turns into torchrun flags (`NPROC_PER_NODE`, `NNODES`,
 * `NODE_RANK`, `MASTER_ADDR`, `MASTER_PORT`); on one node they default to rank 0 on 127.0.0.1,
 * on several the caller sets `NODE_RANK` and `MASTER_ADDR` per node and the script refuses to
 * start without them. With `weights: mcore` it also writes `convert-to-mcore.sh` (run once
 * before) and `export-to-hf.sh` (run once after).
 */
export function emitLocalScripts(job: TrainJob, options: EmitOptions = {}): EmittedFile[] {
  const commands = renderJobCommands(job);
  const header = renderHeader(job, options.headerLines);
  const { nodes, gpusPerNode, masterPort } = job.cluster;
  const multiNode = nodes > 1;
  const cd = job.cluster.workingDirectory ? `cd ${shellQuote(job.cluster.workingDirectory)}\n` : '';
  const rankSetup = multiNode
    ? [
        `: "\${NODE_RANK:?set NODE_RANK to the index of this node, 0 to ${nodes - 1}}"`,
        ': "${MASTER_ADDR:?set MASTER_ADDR to the address of the node with NODE_RANK 0}"',
        `if [ "$NODE_RANK" -lt 0 ] || [ "$NODE_RANK" -ge ${nodes} ]; then`,
        `  echo "NODE_RANK=$NODE_RANK is outside 0..${nodes - 1}" >&2`,
        '  exit 1',
        'fi',
        'export NODE_RANK MASTER_ADDR',
      ].join('\n')
    : ['export NODE_RANK="${NODE_RANK:-0}"', 'export MASTER_ADDR="${MASTER_ADDR:-127.0.0.1}"'].join('\n');
  const usage = multiNode
    ? `# Run on each of the ${nodes} nodes: NODE_RANK=<0..${nodes - 1}> MASTER_ADDR=<node 0 address> bash train.sh`
    : '# Run: bash train.sh';
  const train = `#!/usr/bin/env bash
${header}
${usage}
set -euo pipefail

export NNODES=${nodes}
export NPROC_PER_NODE=${gpusPerNode}
export MASTER_PORT="\${MASTER_PORT:-${masterPort}}"
${rankSetup}
export CUDA_VISIBLE_DEVICES="\${CUDA_VISIBLE_DEVICES:-${visibleDevices(job)}}"
${renderExports(renderJobEnvironment(job))}
${cd}
${renderBashArray('arguments', commands.train.argv.slice(1))}
exec ${commands.train.program} ${commands.train.argv[0]} "\${arguments[@]}"
`;
  const files: EmittedFile[] = [{ path: 'train.sh', content: train, executable: true }];
  if (commands.convertToMcore) {
    files.push({
      path: 'convert-to-mcore.sh',
      executable: true,
      content: `#!/usr/bin/env bash
${header}
# Run once before train.sh: converts the HF weights to a Megatron checkpoint on one GPU.
set -euo pipefail
export CUDA_VISIBLE_DEVICES="\${CUDA_VISIBLE_DEVICES:-0}"
${renderExports(renderJobEnvironment(job))}
${cd}${renderCommandLine(commands.convertToMcore)}
`,
    });
  }
  if (commands.exportToHf) {
    files.push({
      path: 'export-to-hf.sh',
      executable: true,
      content: `#!/usr/bin/env bash
${header}
# Run once after train.sh: exports the newest Megatron checkpoint to HF safetensors.
set -euo pipefail
export CUDA_VISIBLE_DEVICES="\${CUDA_VISIBLE_DEVICES:-0}"
${renderExports(renderJobEnvironment(job))}
${cd}${renderFindCheckpoint(job)}
${renderCommandLine(commands.exportToHf)}
`,
    });
  }
  return files;
}

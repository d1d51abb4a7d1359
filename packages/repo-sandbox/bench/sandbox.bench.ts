// Overhead of one sandboxed run (create, copy the workspace in, exec `true`, destroy) on
// Docker and bubblewrap, as ratios to `docker run --rm IMAGE true` measured in the same run,
// and 8 sessions at once on each backend. Figures are ratios; the absolute milliseconds are
// printed only to explain them.
//
//   pnpm bench                                          # small generated workspace
//   SWESPOT_BENCH_WORKSPACE=/path/to/repo pnpm bench    # a real repository
//   SWESPOT_BENCH_RUNS=10                               # runs per measurement (default 5)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxProviderV1 } from '@swespot/core';
import { createBubblewrapSandbox } from '../src/bubblewrap/create-bubblewrap-sandbox';
import { createDockerSandbox } from '../src/docker/create-docker-sandbox';
import { buildPythonBaseImage } from '../src/images/build-base-image';
import { dockerRunTrue, median, timeIt } from './measure';

const runs = Number(process.env.SWESPOT_BENCH_RUNS ?? 5);

async function generatedWorkspace(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'swespot-bench-workspace-'));
  for (let module = 0; module < 20; module++) {
    await mkdir(join(folder, `package_${module}`), { recursive: true });
    for (let file = 0; file < 10; file++) {
      const body = Array.from({ length: 100 }, (_, line) => `def function_${file}_${line}(value):\n    return value + ${line}\n`).join('');
      await writeFile(join(folder, `package_${module}`, `module_${file}.py`), body);
    }
  }
  return folder;
}


async function oneSandboxedRun(provider: SandboxProviderV1, workspace: string, image?: string): Promise<void> {
  const session = await provider.createSession({ workspace: { hostPath: workspace }, ...(image ? { image } : {}) });
  try {
    const result = await session.exec({ command: ['true'] });
    if (result.exitCode !== 0) throw new Error(`true exited ${result.exitCode}: ${result.stderr}`);
  } finally {
    await session.destroy();
  }
}

async function parallelRuns(provider: SandboxProviderV1, workspace: string, image?: string): Promise<{ ms: number; errors: string[] }> {
  const errors: string[] = [];
  const ms = await timeIt(async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, index) => {
        const session = await provider.createSession({ workspace: { hostPath: workspace }, ...(image ? { image } : {}) });
        try {
          const result = await session.exec({ command: `echo session-${index} > marker.txt && cat marker.txt && ls package_0 | wc -l`, timeoutMs: 120_000 });
          if (result.exitCode !== 0 || !result.stdout.startsWith(`session-${index}\n`)) errors.push(`session ${index}: exit ${result.exitCode} ${result.stderr.trim()}`);
        } catch (error) {
          errors.push(`session ${index}: ${(error as Error).message}`);
        } finally {
          await session.destroy();
        }
      }),
    );
  });
  return { ms, errors };
}

const generated = process.env.SWESPOT_BENCH_WORKSPACE === undefined;
const workspace = process.env.SWESPOT_BENCH_WORKSPACE ?? (await generatedWorkspace());
try {
  const image = await buildPythonBaseImage({});
  const docker = createDockerSandbox({ defaultImage: image, reapOrphans: false });
  const bubblewrap = createBubblewrapSandbox();
  // Warm up the engine, the image cache and the page cache once each.
  await dockerRunTrue(image);
  await oneSandboxedRun(docker, workspace);
  await oneSandboxedRun(bubblewrap, workspace);

  const baseline: number[] = [];
  const dockerTimes: number[] = [];
  const bubblewrapTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(await timeIt(() => dockerRunTrue(image)));
    dockerTimes.push(await timeIt(() => oneSandboxedRun(docker, workspace)));
    bubblewrapTimes.push(await timeIt(() => oneSandboxedRun(bubblewrap, workspace)));
  }
  const base = median(baseline);
  console.log(`workspace: ${generated ? 'generated (200 files, 1.1 MB)' : workspace}; ${runs} runs each, medians; ${cpus().length} cores`);
  console.log(`baseline  docker run --rm IMAGE true            1.00x  (${base.toFixed(0)} ms)`);
  console.log(`docker    create + copy + exec true + destroy  ${(median(dockerTimes) / base).toFixed(2)}x  (${median(dockerTimes).toFixed(0)} ms)`);
  console.log(`bwrap     create + copy + exec true + destroy  ${(median(bubblewrapTimes) / base).toFixed(2)}x  (${median(bubblewrapTimes).toFixed(0)} ms)`);

  const single = median(dockerTimes);
  const dockerParallel = await parallelRuns(docker, workspace);
  const bubblewrapParallel = await parallelRuns(bubblewrap, workspace);
  console.log(`8 parallel docker sessions: ${dockerParallel.errors.length} errors, wall time ${(dockerParallel.ms / single).toFixed(2)}x one session`);
  console.log(`8 parallel bwrap sessions:  ${bubblewrapParallel.errors.length} errors, wall time ${(bubblewrapParallel.ms / median(bubblewrapTimes)).toFixed(2)}x one session`);
  const errors = [...dockerParallel.errors, ...bubblewrapParallel.errors];
  if (errors.length > 0) {
    console.error(errors.join('\n'));
    process.exitCode = 1;
  }
} finally {
  if (generated) await rm(workspace, { recursive: true, force: true });
}

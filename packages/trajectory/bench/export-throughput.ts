/**
 * Export throughput: `exportDataset` (read + validate + filter + mask + convert + validate the
 * ms-swift row + write) against a baseline of plain `JSON.parse` + `JSON.stringify` of the same
 * records with the same file reads and writes, measured in the same run. Prints MB/s of input
 * and the ratio (goal: export at least 50% of the baseline). Each side runs `SWESPOT_BENCH_RUNS`
 * times (default 5), interleaved, and its fastest run counts.
 *
 *   pnpm bench                                   # 1,500 generated trajectories (about 88 MB)
 *   SWESPOT_BENCH_COUNT=5000 pnpm bench          # more generated trajectories
 *   SWESPOT_BENCH_TRAJECTORIES=path.jsonl pnpm bench   # a real trajectories file
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, type Trajectory, type TrajectoryStep } from '@swespot/core';
import { exportDataset } from '../src/index';

function generate(count: number): string {
  const random = createRandom('bench');
  const kinds = ['design', 'fim', 'bugfix', 'test-repro'] as const;
  const lines: string[] = [];
  for (let number = 0; number < count; number += 1) {
    const steps: TrajectoryStep[] = Array.from({ length: 10 + random.integer(0, 40) }, (_, index) => {
      const action = index % 7 === 3 ? `python -c "import foo; foo.bar(${index}"` : `sed -n '${index},${index + 40}p' src/module_${index % 13}.py`;
      const observation =
        index % 7 === 3
          ? `  File "<string>", line 1\nSyntaxError: unexpected EOF while parsing`
          : Array.from({ length: 30 }, (_, line) => `    def method_${line}(self, value):  # 2024-0${1 + (line % 9)}-1${line % 10} ${'x'.repeat(line % 17)}`).join('\n');
      return {
        index,
        thought: `THOUGHT: step ${index} looks at module ${index % 13} to understand how values flow.`,
        action,
        rawOutput: `THOUGHT: step ${index} looks at module ${index % 13} to understand how values flow.\n\n\`\`\`bash\n${action}\n\`\`\``,
        observation: `<returncode>${index % 7 === 3 ? 1 : 0}</returncode>\n<output>\n${observation}\n</output>`,
        exitCode: index % 7 === 3 ? 1 : 0,
        modelDurationMs: 1200,
        actionDurationMs: 80,
        inputTokens: 4000 + index * 300,
        outputTokens: 120,
        flags: { malformed: false, timedOut: false, repeated: false, lossMasked: false },
      };
    });
    const trajectory: Trajectory = {
      schemaVersion: 1,
      id: `bench-${number}`,
      taskId: `task-${number}`,
      taskKind: kinds[number % 4] ?? 'bugfix',
      model: { provider: 'openai', modelId: 'teacher' },
      settings: { temperature: 0 },
      systemPrompt: 'You are a helpful assistant that can interact with a computer shell to solve programming tasks.',
      initialMessages: [{ role: 'user', content: `<pr_description>Task ${number}: make method_${number % 30} handle None.</pr_description>` }],
      steps,
      outcome: 'submitted',
      submission: { type: 'diff', diff: 'diff --git a/src/module_1.py b/src/module_1.py\n--- a/src/module_1.py\n+++ b/src/module_1.py\n' },
      usage: { inputTokens: 100000, outputTokens: 5000, modelCalls: steps.length, costUsd: 0.5 },
      startedAt: '2026-01-03T08:00:00.000Z',
      endedAt: '2026-01-03T08:30:00.000Z',
      cutoff: '2025-06-01T00:00:00Z',
    };
    lines.push(JSON.stringify(trajectory));
  }
  return `${lines.join('\n')}\n`;
}

async function baseline(input: string, output: string): Promise<void> {
  const text = await readFile(input, 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    out.push(JSON.stringify(JSON.parse(line)));
  }
  await writeFile(output, `${out.join('\n')}\n`);
}

/**
 * Runs each task `runs` times, interleaved (baseline, export, baseline, export, ...) so that a
 * busy spell on the machine hits both sides alike, and returns each task's fastest run in ms.
 */
async function bestInterleaved(runs: number, tasks: ReadonlyArray<{ label: string; task: () => Promise<void> }>): Promise<number[]> {
  const fastest = tasks.map(() => Number.POSITIVE_INFINITY);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, { task }] of tasks.entries()) {
      const start = performance.now();
      await task();
      fastest[index] = Math.min(fastest[index] ?? Number.POSITIVE_INFINITY, performance.now() - start);
    }
  }
  for (const [index, { label }] of tasks.entries()) process.stdout.write(`${label}: best of ${runs} runs ${((fastest[index] ?? 0) / 1000).toFixed(2)} s\n`);
  return fastest;
}

const folder = await mkdtemp(join(tmpdir(), 'swespot-bench-export-'));
try {
  const given = process.env.SWESPOT_BENCH_TRAJECTORIES;
  const input = given === undefined || given === '' ? join(folder, 'trajectories.jsonl') : given;
  if (input !== given) await writeFile(input, generate(Number(process.env.SWESPOT_BENCH_COUNT ?? 1500)));
  const megabytes = (await stat(input)).size / 1_000_000;
  process.stdout.write(`input: ${input} (${megabytes.toFixed(1)} MB)\n`);
  const runs = Number(process.env.SWESPOT_BENCH_RUNS ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`SWESPOT_BENCH_RUNS must be a whole number of 1 or more, got ${process.env.SWESPOT_BENCH_RUNS}`);
  let kept = 0;
  const [baselineMs = 0, exportMs = 0] = await bestInterleaved(runs, [
    { label: 'baseline JSON.parse + JSON.stringify', task: () => baseline(input, join(folder, 'baseline.jsonl')) },
    {
      label: 'exportDataset ms-swift (filters, masking, validation)',
      task: async () => {
        const statistics = await exportDataset({ inputs: [input], outDir: join(folder, 'out'), format: 'ms-swift', maskErrors: true, curriculumStages: 3 });
        kept = statistics.kept;
      },
    },
  ]);
  const baselineRate = megabytes / (baselineMs / 1000);
  const exportRate = megabytes / (exportMs / 1000);
  process.stdout.write(`kept ${kept} trajectories\n`);
  process.stdout.write(`baseline: ${baselineRate.toFixed(1)} MB/s\nexport:   ${exportRate.toFixed(1)} MB/s\n`);
  process.stdout.write(`export / baseline: ${((exportRate / baselineRate) * 100).toFixed(1)}% (goal >= 50%)\n`);
} finally {
  await rm(folder, { recursive: true, force: true });
}

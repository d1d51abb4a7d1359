import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalResult, Trajectory } from '@swespot/core';
import { loadBenchmark } from '../load/load-benchmark';
import { createSampleBenchmark } from './create-sample-benchmark';
import { calcDiff, rolloutTrajectory } from './rollout-trajectory';

const jsonl = (records: readonly unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');

/**
 * Writes an evaluation run folder as `runEvaluation` does with `runs: 4`, without Docker: the
 * two instances of {@link createSampleBenchmark} (`sample__calc-1`, `sample__calc-2`), four
 * graded rollouts each by `vllm:repo-expert-4b`. `sample__calc-1` is resolved by run 2 only,
 * whose patch is `return a + b`; the other patches read `return a * b  # <run>`, and run 3 of
 * each instance hands in nothing. For tests and examples of test-time scaling. Needs git.
 */
export async function createSampleTtsRun(out: string): Promise<{ readonly out: string; readonly modelFolder: string }> {
  const sample = await createSampleBenchmark(join(out, '.sample'));
  const { instances } = await loadBenchmark({ task: 'sbv', files: [sample.sbvFile] });
  const modelFolder = join(out, 'sbv', 'vllm__repo-expert-4b');
  await mkdir(modelFolder, { recursive: true });
  await writeFile(join(out, 'evaluation.json'), `${JSON.stringify({ schemaVersion: 1, runs: 4, tasks: { sbv: instances.length }, contenders: ['vllm:repo-expert-4b'] }, null, 2)}\n`);
  await writeFile(join(out, 'sbv', 'instances.jsonl'), jsonl(instances));
  const trajectories: Trajectory[] = [];
  const results: EvalResult[] = [];
  for (const instance of instances) {
    for (let run = 0; run < 4; run++) {
      const id = `${instance.id}__run-${run}`;
      const resolved = instance.id === 'sample__calc-1' && run === 2;
      const diff = run === 3 ? undefined : calcDiff(resolved ? '    return a + b' : `    return a * b  # ${run}`);
      trajectories.push(rolloutTrajectory({ id, taskId: instance.id, ...(diff === undefined ? {} : { diff }), steps: [{ action: 'python -m pytest -q', observation: 'ok' }] }));
      results.push({ schemaVersion: 1, id: `vllm__repo-expert-4b__${id}`, runId: 'vllm__repo-expert-4b', taskId: instance.id, taskKind: 'bugfix', model: { provider: 'vllm', modelId: 'repo-expert-4b' }, attempt: run + 1, resolved, score: resolved ? 1 : 0, trajectoryId: id });
    }
  }
  await writeFile(join(modelFolder, 'trajectories.jsonl'), jsonl(trajectories));
  await writeFile(join(modelFolder, 'results.jsonl'), jsonl(results));
  return { out, modelFolder };
}

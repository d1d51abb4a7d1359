import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMsSwiftRecord } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcDiff, rolloutTrajectory } from '../test/rollout-trajectory';
import { exportVerifierDataset, type GradedRollout } from './export-verifier-dataset';
import { renderVerifierPrompt } from './render-verifier-prompt';

/** Graded rollouts of three tasks: `a` resolved 1 of 4, `b` 2 of 4, `c` 0 of 3. */
function rollouts(): GradedRollout[] {
  const plan: Record<string, boolean[]> = { a: [false, true, false, false], b: [true, false, true, false], c: [false, false, false] };
  return Object.entries(plan).flatMap(([name, outcomes]) =>
    outcomes.map((resolved, run) => {
      const task = { id: `calc__calc-${name}`, problemStatement: `Issue ${name}: add is wrong.` };
      const id = `${task.id}__run-${run}`;
      return {
        task,
        resolved,
        candidate: { id, trajectory: rolloutTrajectory({ id, taskId: task.id, diff: calcDiff(resolved ? '    return a + b' : `    return a * b  # ${run}`), steps: [{ action: 'python -m pytest -q', observation: resolved ? '3 passed' : '1 failed' }] }) },
      };
    }),
  );
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'verifier-dataset-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readRows(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('exportVerifierDataset', () => {
  it('writes balanced YES/NO rows per instance that validate as ms-swift records, and resumes without duplicates', async () => {
    const out = join(folder, 'verifier.jsonl');
    const summary = await exportVerifierDataset({ rollouts: rollouts(), out, tokenBudget: 4_000 });

    expect(summary).toEqual({ file: out, instances: 3, instancesUsed: 2, instancesOneSided: 1, yes: 3, no: 3, written: 6, alreadyWritten: 0 });
    const rows = await readRows(out);
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(validateMsSwiftRecord(row)).toEqual([]);
    const answers = (task: string) => rows.filter((row) => row['instance_id'] === task).map((row) => (row['messages'] as { content: string }[])[2]!.content).sort();
    expect(answers('calc__calc-a')).toEqual(['NO', 'YES']);
    expect(answers('calc__calc-b')).toEqual(['NO', 'NO', 'YES', 'YES']);
    expect(answers('calc__calc-c')).toEqual([]);

    // the prompt is exactly what the verifier sees at inference
    const resolvedA = rollouts().find((rollout) => rollout.candidate.id === 'calc__calc-a__run-1')!;
    const row = rows.find((item) => item['trajectory_id'] === 'calc__calc-a__run-1')!;
    expect(row['messages']).toEqual([...renderVerifierPrompt({ task: resolvedA.task, candidate: resolvedA.candidate, tokenBudget: 4_000 }).messages, { role: 'assistant', content: 'YES' }]);

    const again = await exportVerifierDataset({ rollouts: rollouts(), out, tokenBudget: 4_000 });
    expect(again).toMatchObject({ written: 0, alreadyWritten: 6 });
    expect(await readRows(out)).toHaveLength(6);
  });

  it('caps rows per answer and instance, with the same choice for the same seed', async () => {
    const first = join(folder, 'capped-1.jsonl');
    const second = join(folder, 'capped-2.jsonl');
    await exportVerifierDataset({ rollouts: rollouts(), out: first, maxPerClass: 1, seed: 7 });
    await exportVerifierDataset({ rollouts: rollouts(), out: second, maxPerClass: 1, seed: 7 });
    const rows = await readRows(first);
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row['instance_id'] === 'calc__calc-b')).toHaveLength(2);
    expect(await readFile(second, 'utf8')).toBe(await readFile(first, 'utf8'));
  });
});

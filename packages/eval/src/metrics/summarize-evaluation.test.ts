import type { EvalResult, TaskInstance } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { summarizeEvaluation } from './summarize-evaluation';

const model = { provider: 'vllm', modelId: 'student' };
const result = (taskId: string, kind: TaskInstance['kind'], attempt: number, resolved: boolean | null, score: number): EvalResult => ({
  schemaVersion: 1,
  id: `${taskId}-${attempt}`,
  runId: 'run',
  taskId,
  taskKind: kind,
  model,
  attempt,
  resolved,
  score,
});

describe('summarizeEvaluation', () => {
  it('gives pass@1 over runs with its std, pass@k, QA on 0-100, and counts missing results as failures', () => {
    const instances = [
      { id: 'a__a-1', repo: 'a/a', kind: 'bugfix' as const },
      { id: 'a__a-2', repo: 'a/a', kind: 'bugfix' as const },
      { id: 'b__b-1', repo: 'b/b', kind: 'bugfix' as const },
      { id: 'q1', repo: 'a/a', kind: 'qa' as const },
    ];
    const results = [
      // a-1 solved in runs 1 and 2; a-2 never; b-1 only in run 3; run 3 of a-2 missing.
      result('a__a-1', 'bugfix', 1, true, 1),
      result('a__a-1', 'bugfix', 2, true, 1),
      result('a__a-1', 'bugfix', 3, false, 0),
      result('a__a-2', 'bugfix', 1, false, 0),
      result('a__a-2', 'bugfix', 2, false, 0),
      result('b__b-1', 'bugfix', 1, false, 0),
      result('b__b-1', 'bugfix', 2, false, 0),
      result('b__b-1', 'bugfix', 3, true, 1),
      result('q1', 'qa', 1, null, 0.7),
      result('q1', 'qa', 2, null, 0.8),
      result('q1', 'qa', 3, null, 0.9),
    ];
    const summary = summarizeEvaluation({ instances, results, runs: 3 });
    const all = summary.cells.find((cell) => cell.task === 'sbv' && cell.repo === 'all')!;
    expect(all.instances).toBe(3);
    expect(all.resolvedPerRun).toEqual([1, 1, 1]);
    expect(all.pass1.mean).toBeCloseTo(1 / 3, 12);
    expect(all.pass1.std).toBe(0);
    // pass@3: a-1 and b-1 solved at least once, a-2 never.
    expect(all.passAtK[3]).toBeCloseTo(2 / 3, 12);
    // pass@2 per instance: c=2 -> 1, c=0 -> 0, c=1 -> 2/3.
    expect(all.passAtK[2]).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12);
    const repoA = summary.cells.find((cell) => cell.task === 'sbv' && cell.repo === 'a/a')!;
    expect(repoA.perRun).toEqual([0.5, 0.5, 0]);
    const qa = summary.cells.find((cell) => cell.task === 'qa' && cell.repo === 'all')!;
    expect(qa.metric).toBe('score');
    expect(qa.pass1.mean).toBeCloseTo(80, 10);
    expect(summary.instances.find((outcome) => outcome.instanceId === 'a__a-1')).toMatchObject({ attempts: 3, correct: 2 });
  });
});

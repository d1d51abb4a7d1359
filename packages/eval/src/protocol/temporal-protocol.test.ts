import { join } from 'node:path';
import type { TaskInstance } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { rceDataRoot } from '../__fixtures__/rce-data-root';
import { loadBenchmark } from '../load/load-benchmark';
import { checkLeakage } from './check-leakage';
import { LeakageError } from './leakage-error';
import { selectPostCutoff } from './select-post-cutoff';
import { rankRepositories, selectTopRepositories } from './top-repositories';

const REPOS = ['astropy', 'django', 'matplotlib', 'pylint', 'sphinx', 'xarray'];
const load = async (task: 'sbv' | 'tdd' | 'fea' | 'qa') =>
  (await loadBenchmark({ task, files: REPOS.map((repo) => join(rceDataRoot, task, `${repo}.jsonl`)) })).instances;

describe('the temporal protocol on the RCE rows', () => {
  it('keeps instances after the cutoff and ranks repositories by post-cutoff count across tasks', async () => {
    const [sbv, tdd, fea, qa] = await Promise.all([load('sbv'), load('tdd'), load('fea'), load('qa')]);
    const all = [...sbv, ...tdd, ...fea, ...qa];
    // The paper's cutoff keeps every dated row (the earliest is 2021-01-01T13:54:38Z); QA has no dates and is kept apart.
    const paper = selectPostCutoff(all, { cutoff: '2020-12-31' });
    expect(paper.beforeCutoff).toHaveLength(0);
    expect(paper.undated).toHaveLength(qa.length);
    // A later cutoff drops the older SBV rows: 2022-06-30 keeps only what was opened after it.
    const later = selectPostCutoff(sbv, { cutoff: '2022-06-30', undated: 'drop' });
    expect(later.kept.length + later.beforeCutoff.length).toBe(209);
    expect(later.kept.every((instance) => Date.parse((instance as { createdAt: string }).createdAt) > Date.parse('2022-06-30T23:59:59Z'))).toBe(true);
    expect(later.kept.length).toBeGreaterThan(0);
    expect(later.beforeCutoff.length).toBeGreaterThan(0);

    const ranks = rankRepositories(all, { cutoff: '2020-12-31' });
    // django 118 + 106 + 7 = 231; matplotlib 32 + 30 + 23 = 85; sphinx 23 + 21 + 16 = 60.
    expect(ranks.slice(0, 3).map((rank) => [rank.repo, rank.postCutoff])).toEqual([
      ['django/django', 231],
      ['matplotlib/matplotlib', 85],
      ['sphinx-doc/sphinx', 60],
    ]);
    const top = selectTopRepositories(all, { k: 2, cutoff: '2020-12-31' });
    expect(new Set(top.kept.map((instance) => instance.repo))).toEqual(new Set(['django/django', 'matplotlib/matplotlib']));
    expect(top.kept).toHaveLength(231 + 85 + 96);
  });

  it('finds training records sharing an instance, a pull request or a commit, and says how to proceed', async () => {
    const sbv = await load('sbv');
    const target = sbv.find((instance) => instance.id === 'django__django-14089') ?? sbv[0]!;
    const number = Number(/-(\d+)$/.exec(target.id)![1]);
    const base = { ...target, provenance: { ...target.provenance, origin: 'training' } } as TaskInstance;
    const trainingTasks: TaskInstance[] = [
      { ...base, id: 'train-same-id' , provenance: { ...base.provenance, origin: target.id } } as TaskInstance,
      { ...base, id: 'train-mirror', snapshot: { ...base.snapshot, commit: 'a'.repeat(40) }, bugOrigin: { type: 'pr-mirror', prNumber: number, direct: true } } as TaskInstance,
      { ...base, id: 'train-commit', snapshot: { ...base.snapshot, commit: target.snapshot.commit }, bugOrigin: { type: 'synthetic', strategy: 'lm-modify' } } as TaskInstance,
      { ...base, id: 'train-clean', prNumber: 1, snapshot: { ...base.snapshot, commit: 'b'.repeat(40) }, bugOrigin: { type: 'synthetic', strategy: 'lm-modify' } } as TaskInstance,
    ];
    const leaks = checkLeakage({
      evaluation: sbv,
      trainingTasks,
      trainingTrajectories: [{ id: 'traj-1', taskId: 'train-mirror' }, { id: 'traj-2', taskId: target.id }, { id: 'traj-3', taskId: 'train-clean' }],
    });
    const kinds = leaks.map((leak) => `${leak.kind} ${leak.training}`);
    expect(kinds).toContain('instance task train-same-id');
    expect(kinds).toContain(`pull-request task train-mirror`);
    expect(kinds).toContain('commit task train-commit');
    expect(kinds).toContain('instance trajectory traj-2');
    expect(kinds).toContain('pull-request trajectory traj-1');
    expect(kinds.filter((kind) => kind.includes('clean') || kind.includes('traj-3'))).toEqual([]);
    expect(new LeakageError({ leaks }).message).toMatch(/--allow-leakage/);
  });
});

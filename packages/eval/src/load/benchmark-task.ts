import type { TaskKind, TaskSource } from '@swespot/core';

/**
 * The four Repository-Centric Evaluation tasks, as the CLI names them: `sbv` (SWE-bench
 * Verified, issue resolution), `tdd` (TDD-Bench-Verified, test generation), `fea` (FEA-Bench,
 * feature implementation) and `qa` (SWE-QA, codebase question answering); `tasks` reads our
 * own TaskInstance records, whatever their kind.
 */
export type BenchmarkTask = 'sbv' | 'tdd' | 'fea' | 'qa' | 'tasks';

/** The benchmark tasks in the order tables list them. */
export const BENCHMARK_TASKS: readonly Exclude<BenchmarkTask, 'tasks'>[] = ['sbv', 'tdd', 'fea', 'qa'];

/** The TaskInstance kind and source each benchmark's rows become. */
export const BENCHMARK_KINDS: Readonly<Record<Exclude<BenchmarkTask, 'tasks'>, { kind: TaskKind; source: TaskSource; title: string }>> = {
  sbv: { kind: 'bugfix', source: 'swe-bench-verified', title: 'SWE-bench Verified' },
  tdd: { kind: 'test-repro', source: 'tdd-bench', title: 'TDD-Bench-Verified' },
  fea: { kind: 'feature', source: 'fea-bench', title: 'FEA-Bench' },
  qa: { kind: 'qa', source: 'swe-qa', title: 'SWE-QA' },
};

/** The benchmark task a TaskInstance kind is scored as (`bugfix` → `sbv`, `test-repro` → `tdd`, ...); design and fim have none. */
export function benchmarkTaskOfKind(kind: TaskKind): Exclude<BenchmarkTask, 'tasks'> | undefined {
  switch (kind) {
    case 'bugfix':
      return 'sbv';
    case 'test-repro':
      return 'tdd';
    case 'feature':
      return 'fea';
    case 'qa':
      return 'qa';
    default:
      return undefined;
  }
}

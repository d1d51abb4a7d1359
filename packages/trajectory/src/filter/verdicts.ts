import { readFile } from 'node:fs/promises';
import { evalResultSchema, parseWithSchema, readJsonl, ValidationError, type EvalResult, type Trajectory } from '@swespot/core';
import { z } from 'zod';

/** A grading verdict for one trajectory: whether it solved its task and its score in [0, 1]. */
export interface Verdict {
  /** Solved (SWE-bench resolved, FIM tests pass, reproduction test fails before and passes after); null for judged tasks. */
  resolved: boolean | null;
  /** Score in [0, 1] (the judge's or grounding check's scaled mean for design and qa tasks). */
  score: number;
}

/** Looks up the verdict of a trajectory: by trajectory id first, then by task id. */
export interface VerdictIndex {
  /** The verdict of `trajectory`, or undefined when none is known. */
  get(trajectory: Trajectory): Verdict | undefined;
  /** How many verdicts it holds. */
  readonly size: number;
}

/**
 * Indexes verdicts from core `EvalResult` rows (by `trajectoryId`; rows without one are used
 * by task id only when a task has a single row) and from task-level verdicts (SWE-bench
 * harness reports, keyed by instance id).
 */
export function createVerdictIndex(results: Iterable<EvalResult>, taskVerdicts: ReadonlyMap<string, Verdict> = new Map()): VerdictIndex {
  const byTrajectory = new Map<string, Verdict>();
  const byTask = new Map<string, Verdict | null>(taskVerdicts);
  for (const result of results) {
    const verdict = { resolved: result.resolved, score: result.score };
    if (result.trajectoryId !== undefined) {
      byTrajectory.set(result.trajectoryId, verdict);
      continue;
    }
    // Two rows for one task without trajectory ids cannot be told apart: use neither.
    byTask.set(result.taskId, byTask.has(result.taskId) ? null : verdict);
  }
  return {
    get(trajectory) {
      return byTrajectory.get(trajectory.id) ?? byTask.get(trajectory.taskId) ?? undefined;
    },
    get size() {
      return byTrajectory.size + byTask.size;
    },
  };
}

const sweBenchReportSchema = z.union([
  z.looseObject({ resolved_ids: z.array(z.string()), unresolved_ids: z.array(z.string()).optional() }),
  z.record(z.string(), z.looseObject({ resolved: z.boolean() })),
]);

/** Options of {@link readVerdicts}. */
export interface ReadVerdictsOptions {
  /** Cancels reading. */
  abortSignal?: AbortSignal;
}

/**
 * Reads verdicts from files: `.jsonl` files of core `EvalResult` rows (what `@swespot/eval`
 * writes), and `.json` SWE-bench harness reports, either the per-instance `report.json`
 * (`{ "<instance_id>": { "resolved": true, ... } }`) or the run summary (`resolved_ids`,
 * `unresolved_ids`), keyed by instance id.
 *
 * @throws {ValidationError} naming the file (and line) of a record that is neither.
 */
export async function readVerdicts(files: readonly string[], options: ReadVerdictsOptions = {}): Promise<VerdictIndex> {
  const results: EvalResult[] = [];
  const taskVerdicts = new Map<string, Verdict>();
  for (const file of files) {
    if (file.endsWith('.jsonl')) {
      for await (const result of readJsonl(file, { schema: evalResultSchema, schemaName: 'EvalResult', ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) })) results.push(result);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, { encoding: 'utf8', ...(options.abortSignal ? { signal: options.abortSignal } : {}) }));
    } catch (error) {
      throw new ValidationError({ issues: [{ path: '', message: `Not JSON: ${(error as Error).message}` }], file, schema: 'SWE-bench report', cause: error });
    }
    const report = parseWithSchema(sweBenchReportSchema, value, { file, schema: 'SWE-bench report (per-instance report.json or run summary with resolved_ids)' });
    if (Array.isArray(report.resolved_ids)) {
      for (const id of report.resolved_ids as string[]) taskVerdicts.set(id, { resolved: true, score: 1 });
      for (const id of (report.unresolved_ids ?? []) as string[]) taskVerdicts.set(id, { resolved: false, score: 0 });
    } else {
      for (const [id, entry] of Object.entries(report as Record<string, { resolved: boolean }>)) {
        taskVerdicts.set(id, { resolved: entry.resolved, score: entry.resolved ? 1 : 0 });
      }
    }
  }
  return createVerdictIndex(results, taskVerdicts);
}

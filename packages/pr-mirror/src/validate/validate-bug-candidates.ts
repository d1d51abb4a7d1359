import { bugfixTaskSchema, openJsonlWriter, type BugfixTask, type EnvironmentBuild, type ModelV1 } from '@swespot/core';
import pLimit from 'p-limit';
import { toBugfixTask } from '../output/to-bugfix-task';
import { writeProblemStatement } from '../problem-statement/write-problem-statement';
import type { BugCandidate } from './bug-candidate';
import type { BugValidation, BugValidationStatus, BugValidator } from './create-bug-validator';

/** Progress of {@link validateBugCandidates}, once per candidate. */
export interface BugValidationProgress {
  readonly candidateId: string;
  /** `skipped`: already in the output file from an earlier run. */
  readonly outcome: BugValidationStatus | 'skipped';
  readonly done: number;
  readonly total: number;
  readonly validation?: BugValidation;
  readonly task?: BugfixTask;
}

/** Options of {@link validateBugCandidates}. */
export interface ValidateBugCandidatesOptions {
  readonly candidates: readonly BugCandidate[];
  /** The validator (from `createBugValidator`), which knows the environment. */
  readonly validator: BugValidator;
  /** The environment the validator runs in, written into each record. */
  readonly environment: Pick<EnvironmentBuild, 'environment' | 'testSpec'>;
  /** The JSONL file of `bugfix` TaskInstances; ids already in it are skipped, so a killed run resumes. */
  readonly out: string;
  /** Candidates validated at once. Default: 2. */
  readonly concurrency?: number;
  /** Writes problem statements; without one, linked issue text or the template. */
  readonly model?: ModelV1;
  /** Called after each candidate. */
  readonly onProgress?: (progress: BugValidationProgress) => void;
  readonly abortSignal?: AbortSignal;
}

/** What {@link validateBugCandidates} did. */
export interface BugValidationSummary {
  /** Instances written now, and those already in the file. */
  readonly written: number;
  readonly skipped: number;
  /** Candidates by outcome (`valid` = written). */
  readonly outcomes: Partial<Record<BugValidationStatus, number>>;
  readonly dropped: readonly BugValidation[];
  /** Wall-clock time in milliseconds. */
  readonly durationMs: number;
}

/**
 * Validates many bug candidates under a concurrency limit (p-limit) and appends each kept one
 * as a `bugfix` TaskInstance (with its problem statement) to a JSONL file, validated by core's
 * schema. Resumable: ids already in the file are skipped and never written twice, also after
 * a kill (the writer repairs a torn last line). Dropped candidates are counted by reason.
 *
 * @example
 * ```ts
 * const validator = createBugValidator({ environment: build });
 * const summary = await validateBugCandidates({ candidates, validator, environment: build, out: 'bugs.jsonl', concurrency: 2 });
 * console.log(summary.written, summary.outcomes);
 * ```
 */
export async function validateBugCandidates(options: ValidateBugCandidatesOptions): Promise<BugValidationSummary> {
  const startedAt = Date.now();
  const writer = await openJsonlWriter(options.out, { schema: bugfixTaskSchema, schemaName: 'BugfixTask', ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
  const limit = pLimit(Math.max(1, options.concurrency ?? 2));
  const outcomes: Partial<Record<BugValidationStatus, number>> = {};
  const dropped: BugValidation[] = [];
  let written = 0;
  let skipped = 0;
  let done = 0;
  const total = options.candidates.length;
  const signal = options.abortSignal;
  try {
    const settled = await Promise.allSettled(
      options.candidates.map((candidate) =>
        limit(async () => {
          signal?.throwIfAborted();
          if (writer.has(candidate.id)) {
            skipped++;
            options.onProgress?.({ candidateId: candidate.id, outcome: 'skipped', done: ++done, total });
            return;
          }
          const validation = await options.validator.validate(candidate, signal ? { abortSignal: signal } : {});
          outcomes[validation.status] = (outcomes[validation.status] ?? 0) + 1;
          if (validation.status !== 'valid') {
            dropped.push(validation);
            options.onProgress?.({ candidateId: candidate.id, outcome: validation.status, done: ++done, total, validation });
            return;
          }
          const problemStatement = await writeProblemStatement({
            bugPatch: candidate.bugPatch,
            failToPass: validation.failToPass,
            failingOutput: validation.buggyOutputTail,
            ...(candidate.context ? { context: candidate.context } : {}),
            ...(options.model ? { model: options.model } : {}),
            ...(signal ? { abortSignal: signal } : {}),
          });
          const task = toBugfixTask({ candidate, validation, problemStatement, environment: options.environment });
          if (await writer.write(task, signal ? { abortSignal: signal } : {})) written++;
          else skipped++;
          options.onProgress?.({ candidateId: candidate.id, outcome: 'valid', done: ++done, total, validation, task });
        }),
      ),
    );
    // Every started candidate has finished (or failed) before the writer closes; the first error is the one reported.
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    limit.clearQueue();
    await writer.close();
  }
  return { written, skipped, outcomes, dropped, durationMs: Date.now() - startedAt };
}

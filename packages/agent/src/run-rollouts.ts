import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  openJsonlWriter,
  trajectorySchema,
  type SandboxCreateSessionOptionsV1,
  type SandboxExecutorV1,
  type SandboxProviderV1,
  type SandboxSessionV1,
  type TaskInstance,
  type Trajectory,
  type TrajectoryOutcome,
} from '@swespot/core';
import pLimit from 'p-limit';
import type { BashAgent } from './create-bash-agent';
import { formatAgentEvent } from './format-agent-event';

/**
 * The id of run `run` (0-based) of a task: `<task id>__run-<run>`. Every run carries its
 * index, so raising `runs` later adds runs next to the ones already written.
 */
export function rolloutTrajectoryId(taskId: string, run: number): string {
  return `${taskId}__run-${run}`;
}

/** How one scheduled run ended, as reported to {@link RunRolloutsOptions.onRunEnd}. */
export interface RolloutRunResult {
  readonly trajectoryId: string;
  readonly taskId: string;
  /** The trajectory's outcome; absent when the run failed before the agent could start (e.g. the sandbox did not start). */
  readonly outcome?: TrajectoryOutcome;
  /** Whether the trajectory was written to the output file. */
  readonly written: boolean;
  /** Why the run failed (outcome `error`, or no trajectory at all). */
  readonly error?: string;
  /** The log file of the run. */
  readonly logFile: string;
}

/** What {@link runRollouts} did. */
export interface RolloutSummary {
  /** The output file. */
  readonly file: string;
  /** The folder with one log per run. */
  readonly logDirectory: string;
  /** Runs asked for: tasks × runs. */
  readonly total: number;
  /** Runs skipped because their trajectory was already in the file. */
  readonly skipped: number;
  /** Trajectories written by this call. */
  readonly written: number;
  /** Runs that failed and were not written; running again retries them. */
  readonly failed: number;
  /** Runs not started because of the abort signal. */
  readonly notStarted: number;
  /** Trajectories written by this call, per outcome. */
  readonly outcomes: Readonly<Partial<Record<TrajectoryOutcome, number>>>;
  /** The failed runs and why. */
  readonly failures: readonly { readonly trajectoryId: string; readonly message: string }[];
}

/** Options of {@link runRollouts}. */
export interface RunRolloutsOptions {
  /** The tasks, in the order runs are started. */
  readonly tasks: Iterable<TaskInstance> | AsyncIterable<TaskInstance>;
  /** The agent that runs each task. */
  readonly agent: BashAgent;
  /** Where sessions come from: one fresh session per run, destroyed after it. */
  readonly sandbox: SandboxProviderV1;
  /** The trajectories JSONL file; created when missing, appended to (skipping ids present) when not. */
  readonly out: string;
  /** Runs per task (K for pass@k); run `r` has id `<task id>__run-<r>` and seed `sampling.seed + r` when a seed is set. Default: 1. */
  readonly runs?: number;
  /** Most runs at once. Default: 4. */
  readonly concurrency?: number;
  /** Folder of the per-run logs (`<trajectory id>.log`). Default: the output file's path with `.logs` in place of `.jsonl`. */
  readonly logDirectory?: string;
  /**
   * The options of each run's session. Default: the task's `environment.image` (for
   * backends with `containerImages`), labels `swespot.task-id` and `swespot.trajectory-id`, no network.
   */
  readonly sessionOptions?: (task: TaskInstance, run: number) => SandboxCreateSessionOptionsV1;
  /** Prepares a new session before the agent starts (apply a bug patch, install the project). A throw fails the run. */
  readonly prepareSession?: (executor: SandboxExecutorV1, task: TaskInstance, options: { abortSignal?: AbortSignal }) => Promise<void>;
  /**
   * Also write trajectories whose outcome is `error` (a model or sandbox failure). Default:
   * false: they are left out and logged, so running again retries them.
   */
  readonly writeErrored?: boolean;
  /** Called once the runs are planned: how many will run and how many are already in the file. */
  readonly onPlan?: (plan: { readonly scheduled: number; readonly skipped: number }) => void;
  /** Called after each run. */
  readonly onRunEnd?: (result: RolloutRunResult) => void;
  /** Stops starting runs and cancels the ones in flight (their trajectories are not written). */
  readonly abortSignal?: AbortSignal;
}

/**
 * Runs the agent on many tasks, `runs` times each, at most `concurrency` at once (p-limit),
 * each run in its own sandbox session, and appends one core `Trajectory` per finished run
 * to `out` (validated, fsync'ed, through core's resumable `openJsonlWriter`). Runs whose
 * trajectory id is already in `out` are skipped, so a killed rollout resumes where it
 * stopped. Every run writes a plain-text log as it goes (`tail -f` works).
 *
 * A run that fails (the session does not start, `prepareSession` throws, the model or the
 * sandbox fails: outcome `error`) is counted in `failed`, logged, and not written unless
 * `writeErrored` is set; an aborted run is never written.
 *
 * @throws {InvalidArgumentError} for bad `runs` or `concurrency`, or when the agent's templates do not render.
 *
 * @example
 * ```ts
 * const summary = await runRollouts({ tasks: await readJsonlToArray('tasks.jsonl', { schema: taskInstanceSchema }), agent, sandbox: createDockerSandbox(), out: 'trajectories.jsonl', runs: 3 });
 * console.log(summary.outcomes);
 * ```
 */
export async function runRollouts(options: RunRolloutsOptions): Promise<RolloutSummary> {
  const runs = options.runs ?? 1;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new InvalidArgumentError({ argument: 'runs', message: `runs: expected a whole number of runs per task, 1 or more; got ${runs}.` });
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidArgumentError({
      argument: 'concurrency',
      message: `concurrency: expected a whole number of runs at once, 1 or more; got ${concurrency}.`,
    });
  }
  const { agent, sandbox, abortSignal } = options;
  const logDirectory = options.logDirectory ?? `${options.out.replace(/\.jsonl$/, '')}.logs`;
  const writer = await openJsonlWriter(options.out, {
    schema: trajectorySchema,
    schemaName: 'Trajectory',
    durability: 'fsync',
    abortSignal,
  });
  await mkdir(logDirectory, { recursive: true });

  const planned: { task: TaskInstance; run: number; trajectoryId: string }[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for await (const task of options.tasks) {
    for (let run = 0; run < runs; run++) {
      const trajectoryId = rolloutTrajectoryId(task.id, run);
      if (seen.has(trajectoryId)) {
        throw new InvalidArgumentError({
          argument: 'tasks',
          message: `tasks: the task id '${task.id}' appears twice; task ids must be unique.`,
        });
      }
      seen.add(trajectoryId);
      if (writer.has(trajectoryId)) skipped++;
      else planned.push({ task, run, trajectoryId });
    }
  }
  options.onPlan?.({ scheduled: planned.length, skipped });

  const outcomes: Partial<Record<TrajectoryOutcome, number>> = {};
  const failures: { trajectoryId: string; message: string }[] = [];
  let written = 0;
  let fatal: unknown;
  const limit = pLimit(concurrency);
  const baseSeed = agent.sampling.seed;

  const runOne = async ({ task, run, trajectoryId }: (typeof planned)[number]): Promise<void> => {
    // Queued runs start and return at once after an abort or a settings error.
    if (abortSignal?.aborted || fatal !== undefined) return;
    const logFile = join(logDirectory, `${trajectoryId.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
    const log = (text: string) => appendFile(logFile, text);
    const fail = async (message: string, outcome?: TrajectoryOutcome) => {
      failures.push({ trajectoryId, message });
      await log(`========== ${trajectoryId} failed ${new Date().toISOString()}: ${message}\n`);
      options.onRunEnd?.({ trajectoryId, taskId: task.id, written: false, error: message, logFile, ...(outcome ? { outcome } : {}) });
    };
    let session: SandboxSessionV1 | undefined;
    try {
      const image = sandbox.capabilities.containerImages ? task.environment.image : undefined;
      const sessionOptions = options.sessionOptions?.(task, run) ?? {
        ...(image === undefined ? {} : { image }),
        labels: { 'swespot.task-id': task.id, 'swespot.trajectory-id': trajectoryId },
      };
      try {
        session = await sandbox.createSession({ ...sessionOptions, abortSignal });
      } catch (error) {
        await fail(`the ${sandbox.provider} sandbox did not start: ${messageOf(error)}`);
        return;
      }
      const executor = session.restricted();
      if (options.prepareSession) {
        try {
          await options.prepareSession(executor, task, { abortSignal });
        } catch (error) {
          await fail(`preparing the session failed: ${messageOf(error)}`);
          return;
        }
      }
      const trajectory: Trajectory = await agent.run({
        task,
        executor,
        trajectoryId,
        ...(baseSeed === undefined ? {} : { seed: baseSeed + run }),
        onEvent: (event) => log(formatAgentEvent(event)),
        abortSignal,
      });
      if (trajectory.outcome === 'aborted') return;
      if (trajectory.outcome === 'error' && !options.writeErrored) {
        await fail(trajectory.outcomeReason ?? 'the run failed', 'error');
        return;
      }
      await writer.write(trajectory);
      written++;
      outcomes[trajectory.outcome] = (outcomes[trajectory.outcome] ?? 0) + 1;
      options.onRunEnd?.({
        trajectoryId,
        taskId: task.id,
        outcome: trajectory.outcome,
        written: true,
        logFile,
        ...(trajectory.outcome === 'error' ? { error: trajectory.outcomeReason ?? 'the run failed' } : {}),
      });
    } catch (error) {
      // Only settings errors (a template that does not render) get here; they would fail every run.
      if (InvalidArgumentError.isInstance(error)) {
        fatal ??= error;
      }
      await fail(messageOf(error));
    } finally {
      if (session) {
        await session.destroy().catch((error: unknown) => log(`could not destroy session ${session?.id}: ${messageOf(error)}\n`));
      }
    }
  };

  try {
    await Promise.all(planned.map((item) => limit(() => runOne(item))));
  } finally {
    await writer.close();
  }
  if (fatal !== undefined) throw fatal;
  const finished = written + failures.length;
  return {
    file: options.out,
    logDirectory,
    total: planned.length + skipped,
    skipped,
    written,
    failed: failures.length,
    notStarted: planned.length - finished,
    outcomes,
    failures,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

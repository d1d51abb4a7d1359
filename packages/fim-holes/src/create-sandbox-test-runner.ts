import { SandboxCommandError, type SandboxLimitsV1, type SandboxProviderV1 } from '@swespot/core';
import { runTests, withSandboxSession } from '@swespot/repo-sandbox';
import type { FimTestRunner } from './check-fim-fill';

/** Settings of {@link createSandboxTestRunner}. */
export interface SandboxTestRunnerSettings {
  /** Where the tests run; a Docker provider uses the task's `environment.image`. */
  readonly sandbox: SandboxProviderV1;
  /** Resource limits of each session. Default: the provider's. */
  readonly limits?: SandboxLimitsV1;
  /** Image to use instead of the task's `environment.image`. */
  readonly image?: string;
}

/**
 * A {@link FimTestRunner} over a core sandbox provider: a fresh session per check with the
 * snapshot copied in as the workspace, the filled file written over the original, the
 * environment's `installCommands` run, then the task's `testSpec` (its selection: the hole's
 * tests) through repo-sandbox's `runTests`. The session is destroyed afterwards.
 *
 * @throws {SandboxCommandError} when an install command fails (with its exit code and output).
 */
export function createSandboxTestRunner(settings: SandboxTestRunnerSettings): FimTestRunner {
  return async ({ task, snapshotDirectory, file, abortSignal }) => {
    const image = settings.image ?? task.environment.image;
    return withSandboxSession(
      settings.sandbox,
      {
        workspace: { hostPath: snapshotDirectory, mode: 'copy' },
        ...(image === undefined ? {} : { image }),
        ...(settings.limits ? { limits: settings.limits } : {}),
        labels: { 'swespot.task-id': task.id },
        ...(abortSignal ? { abortSignal } : {}),
      },
      async (session) => {
        await session.writeFile(file.path, file.content, abortSignal ? { abortSignal } : {});
        for (const command of task.environment.installCommands) {
          const result = await session.exec({ command, timeoutMs: 30 * 60_000, ...(abortSignal ? { abortSignal } : {}) });
          if (result.exitCode !== 0) {
            throw new SandboxCommandError({ command: [command], exitCode: result.exitCode ?? undefined, stderr: result.stderr.slice(-4000), message: `install command failed in the environment of task ${task.id} (exit ${result.exitCode}): ${command}\n${result.stderr.slice(-2000)}` });
          }
        }
        return runTests({ executor: session.restricted(), spec: task.testSpec, taskId: task.id, ...(abortSignal ? { abortSignal } : {}) });
      },
    );
  };
}

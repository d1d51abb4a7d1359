import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SandboxProviderV1 } from '@swespot/core';
import { runEnvironmentTests } from '@swespot/repo-sandbox';
import type { FimTestRunner } from './check-fim-fill';

/** Settings of {@link createSandboxTestRunner}. */
export interface SandboxTestRunnerSettings {
  /** Where the tests run. Default: a Docker sandbox in the task's `environment.workingDirectory`. */
  readonly sandbox?: SandboxProviderV1;
  /** Image to use instead of the task's `environment.image`. */
  readonly image?: string;
  /** Where the per-check workspace copies go. Default: the OS temporary folder. */
  readonly temporaryFolder?: string;
}

/**
 * A {@link FimTestRunner} over repo-sandbox's environments (`runEnvironmentTests`): the
 * snapshot's files (without `.git`) are copied to a temporary workspace with the filled file
 * in place, and the task's `testSpec` (its selection: the hole's tests) runs in a fresh
 * sandbox from the task's `environment` image, with the workspace over the image's copy of
 * the snapshot and no network. The workspace is removed afterwards.
 */
export function createSandboxTestRunner(settings: SandboxTestRunnerSettings = {}): FimTestRunner {
  return async ({ task, snapshotDirectory, file, abortSignal }) => {
    const workspace = await mkdtemp(join(settings.temporaryFolder ?? tmpdir(), 'swespot-fim-check-'));
    try {
      await cp(snapshotDirectory, workspace, { recursive: true, filter: (source) => basename(source) !== '.git' || source === snapshotDirectory });
      await writeFile(join(workspace, file.path), file.content);
      return await runEnvironmentTests({
        environment: settings.image === undefined ? task.environment : { ...task.environment, image: settings.image },
        testSpec: task.testSpec,
        workspace,
        taskId: task.id,
        ...(settings.sandbox ? { sandbox: settings.sandbox } : {}),
        ...(abortSignal ? { abortSignal } : {}),
      });
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  };
}

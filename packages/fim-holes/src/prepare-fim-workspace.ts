import { InvalidArgumentError, type FimTask, type SandboxExecutorV1 } from '@swespot/core';
import { makeHoledFile } from './holed-file';

/**
 * Puts a FIM task's holes into a workspace that holds the snapshot (a rollout's sandbox
 * session, before the agent starts): reads `task.file`, checks that each hole's bytes are its
 * ground truth (so the workspace is at the task's commit), and writes the holed file with its
 * placeholders. Usable as `prepareSession` of `@swespot/agent`'s `runRollouts` for FIM tasks.
 *
 * @throws {InvalidArgumentError} when the file in the workspace is not the one the task was made from.
 */
export async function prepareFimWorkspace(executor: SandboxExecutorV1, task: FimTask, options: { readonly abortSignal?: AbortSignal } = {}): Promise<void> {
  const fileOptions = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const original = Buffer.from(await executor.readFile(task.file, fileOptions));
  task.holes.forEach((hole, index) => {
    if (original.subarray(hole.byteRange.start, hole.byteRange.end).toString('utf8') !== hole.removedCode) {
      throw new InvalidArgumentError({
        argument: 'task',
        message: `task ${task.id}: ${task.file} in the workspace does not hold hole ${index + 1}'s code at bytes ${hole.byteRange.start}-${hole.byteRange.end}; the workspace must be the snapshot at ${task.snapshot.commit}.`,
      });
    }
  });
  await executor.writeFile(task.file, makeHoledFile(original, task.holes), fileOptions);
}

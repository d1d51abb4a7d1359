import { readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentProcessOwner, isProcessOwnerAlive } from './process-owner';

/**
 * The name prefix of a host folder made by this process for a sandbox session,
 * `<base>-<pid>-<start time>-<session id>-`, so that {@link reapHostSandboxFolders} can tell
 * whose it is.
 */
export function ownedFolderPrefix(base: string, sessionId: string): string {
  const owner = currentProcessOwner();
  return `${base}-${owner.pid}-${owner.startTime || '0'}-${sessionId}-`;
}

/** Options of {@link reapHostSandboxFolders}. */
export interface ReapHostSandboxFoldersOptions {
  /** The folder holding session folders. Default: the OS temporary folder. */
  readonly temporaryFolder?: string;
  readonly abortSignal?: AbortSignal;
}

/**
 * Removes the workspace copies and temporary folders that bubblewrap and local sessions
 * left behind when their process was killed (SIGKILL leaves no chance to clean up): those
 * whose owner pid is gone or was reused. Returns the removed paths.
 */
export async function reapHostSandboxFolders(options: ReapHostSandboxFoldersOptions = {}): Promise<string[]> {
  const folder = options.temporaryFolder ?? tmpdir();
  const removed: string[] = [];
  for (const name of await readdir(folder)) {
    options.abortSignal?.throwIfAborted();
    const match = /^swespot-(?:bwrap|bwrap-tmp|local)-(\d+)-(\d+)-/.exec(name);
    if (!match) continue;
    const owner = { host: hostname(), pid: Number(match[1]), startTime: match[2] === '0' ? '' : match[2]! };
    if (isProcessOwnerAlive(owner)) continue;
    await rm(join(folder, name), { recursive: true, force: true });
    removed.push(join(folder, name));
  }
  return removed;
}

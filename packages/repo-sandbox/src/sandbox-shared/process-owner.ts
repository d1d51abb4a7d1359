import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who owns a sandbox resource: a process on a host, told apart from a later process with the same pid by its start time. */
export interface ProcessOwner {
  readonly host: string;
  readonly pid: number;
  /** The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22); empty where there is no `/proc`. */
  readonly startTime: string;
}

function readStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The owner record of this process. */
export function currentProcessOwner(): ProcessOwner {
  return { host: hostname(), pid: process.pid, startTime: readStartTime(process.pid) ?? '' };
}

/**
 * Whether the owner may still be running: `true` for owners on other hosts (they cannot be
 * checked from here), `false` when no process has that pid, or when one has it but started
 * at another time (the pid was reused).
 */
export function isProcessOwnerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.startTime === '') return true;
  const startTime = readStartTime(owner.pid);
  return startTime === undefined || startTime === owner.startTime;
}

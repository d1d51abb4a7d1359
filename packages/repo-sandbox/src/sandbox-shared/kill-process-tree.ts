import { readdirSync, readFileSync } from 'node:fs';

/** One row of the host's process table: pid, parent pid and session id. */
interface ProcessRow {
  readonly pid: number;
  readonly parentPid: number;
  readonly sessionId: number;
}

/** Reads the process table from `/proc` (Linux). Returns an empty list where there is no `/proc`. */
function readProcessTable(): ProcessRow[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const rows: ProcessRow[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses; the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(name), parentPid: Number(fields[1]), sessionId: Number(fields[3]) });
    } catch {
      // The process ended while we read; skip it.
    }
  }
  return rows;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone, or not ours.
  }
}

/**
 * Kills a host process and everything it started: its process group, its session (children
 * that were re-parented keep their session id) and its descendants found in `/proc`. The
 * processes are stopped first and the table is re-read until no new descendant appears, so
 * that a process forking in a loop cannot outrun the kill.
 *
 * @param rootPid the pid of the process started with `detached: true` (its own group and session leader).
 */
export function killProcessTree(rootPid: number): void {
  signal(-rootPid, 'SIGSTOP');
  const doomed = new Set<number>([rootPid]);
  for (let round = 0; round < 50; round++) {
    let added = 0;
    for (const row of readProcessTable()) {
      if (doomed.has(row.pid)) continue;
      if (doomed.has(row.parentPid) || row.sessionId === rootPid) {
        doomed.add(row.pid);
        signal(row.pid, 'SIGSTOP');
        added++;
      }
    }
    if (added === 0) break;
  }
  signal(-rootPid, 'SIGKILL');
  for (const pid of doomed) signal(pid, 'SIGKILL');
}

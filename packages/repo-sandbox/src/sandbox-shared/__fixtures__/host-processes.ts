import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Pids of host processes whose command line contains `marker` (sandboxed ones too: same kernel). */
export function hostProcessesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Zombies are dead already; they only wait for their parent to reap them.
      if (commandLine.includes(marker) && !/\) Z /.test(state)) found.push(Number(name));
    } catch {
      // Gone while reading.
    }
  }
  return found;
}

/** Waits up to `timeoutMs` (default: two minutes, for a loaded machine) for no host process to carry `marker`; returns those left. */
export async function waitForNoProcesses(marker: string, timeoutMs = 120_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = hostProcessesWithMarker(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(100);
  }
}

/** A number that appears in no other command line, used as a `sleep` argument to find processes. */
export function uniqueSleepSeconds(): string {
  return String(1_000_000 + Math.floor(Math.random() * 8_000_000));
}

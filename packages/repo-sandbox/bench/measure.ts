import { spawn } from 'node:child_process';

/** The median of some timings. */
export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `docker run --rm --network none IMAGE true`: the unit the sandbox benchmarks divide by. */
export function dockerRunTrue(image: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['run', '--rm', '--network', 'none', image, 'true'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker run exited ${code}`))));
  });
}

/** Milliseconds one piece of work takes. */
export async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

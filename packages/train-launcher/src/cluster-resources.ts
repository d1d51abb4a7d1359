import type { TrainJob } from './train-job-schema';

/** CPU cores asked for per GPU when `cluster.cpusPerTask` is unset. */
export const DEFAULT_CPUS_PER_GPU = 8;

/** Host memory (GiB) a Kubernetes pod asks for per GPU when `cluster.memoryPerNodeGiB` is unset. */
export const DEFAULT_KUBERNETES_MEMORY_GIB_PER_GPU = 64;

/** The Slurm `--time` written when `cluster.timeLimit` is unset: two days. */
export const DEFAULT_SLURM_TIME_LIMIT = '2-00:00:00';

/** CPU cores for each node task: `cluster.cpusPerTask`, else {@link DEFAULT_CPUS_PER_GPU} per GPU. */
export function resolveCpusPerTask(cluster: TrainJob['cluster']): number {
  return cluster.cpusPerTask ?? DEFAULT_CPUS_PER_GPU * cluster.gpusPerNode;
}

/**
 * Seconds in a Slurm time limit: `minutes`, `minutes:seconds`, `hours:minutes:seconds`,
 * `days-hours`, `days-hours:minutes` or `days-hours:minutes:seconds` (sbatch's `--time` forms).
 */
export function slurmTimeLimitSeconds(text: string): number {
  const [days, rest] = text.includes('-') ? [Number(text.split('-')[0]), text.slice(text.indexOf('-') + 1)] : [0, text];
  const parts = rest.split(':').map(Number);
  let seconds: number;
  if (text.includes('-')) {
    const [hours = 0, minutes = 0, secs = 0] = parts;
    seconds = hours * 3600 + minutes * 60 + secs;
  } else if (parts.length === 3) {
    seconds = (parts[0] as number) * 3600 + (parts[1] as number) * 60 + (parts[2] as number);
  } else {
    seconds = (parts[0] as number) * 60 + (parts[1] ?? 0);
  }
  return days * 86_400 + seconds;
}

/**
 * Memory of common training GPUs in GiB (2^30 bytes) as `nvidia-smi` reports the total, which
 * is what a process can allocate at most: H200 143,771 MiB, H100 80GB 81,559 MiB, A100 80GB
 * 81,920 MiB, B200 183,359 MiB. Keys are upper-case without spaces.
 */
export const GPU_MEMORY_GIB: Readonly<Record<string, number>> = {
  H200: 140.4,
  H100: 79.6,
  'H100-80GB': 79.6,
  H800: 79.6,
  H20: 95.6,
  B200: 179.1,
  'A100-80GB': 80,
  'A100-40GB': 40,
  A100: 80,
  A800: 80,
  L40S: 44.4,
};

/**
 * The GPU memory to estimate against: `gpuMemoryGiB` when set, else the table value of
 * `gpuType`. Returns `undefined` for an unknown type without an explicit figure.
 */
export function resolveGpuMemoryGiB(cluster: { gpuType?: string; gpuMemoryGiB?: number }): number | undefined {
  if (cluster.gpuMemoryGiB !== undefined) return cluster.gpuMemoryGiB;
  if (cluster.gpuType === undefined) return undefined;
  return GPU_MEMORY_GIB[cluster.gpuType.toUpperCase().replace(/\s+/g, '')];
}

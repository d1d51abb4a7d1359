import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `build` while holding a machine-wide lock named `key` (a folder in the OS temporary
 * folder; mkdir is atomic), so parallel processes asking for the same image build it once:
 * the others wait, then find it built. A lock older than `staleMs` is taken over.
 */
export async function withBuildLock<T>(key: string, build: () => Promise<T>, { staleMs = 30 * 60_000, abortSignal }: { staleMs?: number; abortSignal?: AbortSignal } = {}): Promise<T> {
  const lock = join(tmpdir(), `swespot-image-lock-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  for (;;) {
    abortSignal?.throwIfAborted();
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((stats) => Date.now() - stats.mtimeMs, () => 0);
      if (age > staleMs) await rmdir(lock).catch(() => undefined);
      else await sleep(500);
    }
  }
  try {
    return await build();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxExecResultV1 } from '@swespot/core';
import { createLocalSandbox } from '../../local/create-local-sandbox';

const projects = fileURLToPath(new URL('./projects/', import.meta.url));
const recorded = fileURLToPath(new URL('./recorded/', import.meta.url));

/** Restores the real names of fixture files kept as `.txt` so that the workspace's own tools skip them. */
async function restoreNames(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await restoreNames(path);
    else if (/\.(ts|go)\.txt$/.test(entry.name)) await rename(path, path.slice(0, -'.txt'.length));
  }
}

/**
 * Copies a sample project (tests that pass, fail, error, skip, and one that prints fake pass
 * lines) to a temporary folder and runs the real framework on it in a local sandbox.
 */
export async function runFixtureProject(
  name: string,
  command: string,
  env: Record<string, string> = {},
): Promise<SandboxExecResultV1 & { command: string }> {
  const folder = await mkdtemp(join(tmpdir(), `swespot-${name}-`));
  try {
    await cp(join(projects, name), folder, { recursive: true });
    await restoreNames(folder);
    const session = await createLocalSandbox({ unsafe: true }).createSession({ workspace: { hostPath: folder, mode: 'bind' } });
    try {
      const result = await session.exec({ command, env: { NO_COLOR: '1', ...env }, timeoutMs: 240_000, maxOutputBytes: 8 * 1024 * 1024 });
      return { ...result, command };
    } finally {
      await session.destroy();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Reads a recorded run (stdout, stderr, exit code) of a framework that CI cannot run offline. */
export async function readRecordedRun(name: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const read = (file: string) => readFile(join(recorded, name, file), 'utf8');
  return { stdout: await read('stdout.txt'), stderr: await read('stderr.txt'), exitCode: Number((await read('exit-code.txt')).trim()) };
}

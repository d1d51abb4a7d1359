import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reapHostSandboxFolders } from '../sandbox-shared/host-folder-owner';
import { describeSandboxConformance } from '../sandbox-shared/sandbox-conformance';
import { createBubblewrapSandbox } from './create-bubblewrap-sandbox';

async function foldersOf(ownerPid: number, sessionId: string): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('swespot-bwrap-') && name.includes(`-${ownerPid}-`) && name.includes(sessionId));
}

describeSandboxConformance({
  name: 'bubblewrap',
  provider: () => createBubblewrapSandbox(),
  sessionOptions: () => ({}),
  leftovers: async ({ id, ownerPid }) => (await foldersOf(ownerPid, id)).length > 0,
  reap: async () => {
    await reapHostSandboxFolders();
  },
});

describe('createBubblewrapSandbox', () => {
  it('mounts the host root read-only and the workspace read-write', async () => {
    const session = await createBubblewrapSandbox().createSession({});
    try {
      const result = await session.exec({ command: 'touch /usr/swespot-probe 2>&1; echo "rc=$?"; touch ok && ls' });
      expect(result.stdout).toMatch(/Read-only file system/);
      expect(result.stdout).toMatch(/ok/);
      await expect(session.writeFile('/etc/swespot-probe', 'x')).rejects.toThrow(/read-only/);
    } finally {
      await session.destroy();
    }
  });

  it('hides daemon sockets under /run', async () => {
    const session = await createBubblewrapSandbox().createSession({});
    try {
      expect((await session.exec({ command: 'ls -A /run | wc -l' })).stdout.trim()).toBe('0');
    } finally {
      await session.destroy();
    }
  });

  it('says "command not found" (exit 127) for a missing program, also behind a PATH folder its user cannot enter', async () => {
    // As root the sandbox runs as nobody, who cannot enter this folder: bwrap alone says "Permission denied".
    // (Under /var/tmp: the host's /tmp is not visible in the sandbox.)
    const hidden = await mkdtemp(join('/var/tmp', 'swespot-hidden-path-'));
    await chmod(hidden, 0o700);
    // Without /usr/bin: the host helpers (setpriv, prlimit, bwrap) are found on the host's PATH, not the command's.
    const path = `${hidden}:/bin`;
    const session = await createBubblewrapSandbox({ baseEnv: { PATH: path, HOME: '/tmp' } }).createSession({});
    try {
      const result = await session.exec({ command: ['swespot-no-such-program', '--version'] });
      expect(result.exitCode).toBe(127);
      expect(result.stderr).toContain(`swespot: swespot-no-such-program: command not found in the sandbox; searched PATH=${path}`);
      const named = await session.exec({ command: ['/nowhere/python3', '-V'] });
      expect(named.exitCode).toBe(127);
      expect(named.stderr).toMatch(/^swespot: \/nowhere\/python3: no such file in the sandbox/);
      // A program that exists still runs, and its own exit code 1 is left alone.
      expect((await session.exec({ command: ['false'] })).exitCode).toBe(1);
    } finally {
      await session.destroy();
      await rm(hidden, { recursive: true, force: true });
    }
  });

  it('refuses container images', async () => {
    await expect(createBubblewrapSandbox().createSession({ image: 'python:3.11' })).rejects.toThrow(/cannot run the image/);
  });
});

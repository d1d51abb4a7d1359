import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

  it('refuses container images', async () => {
    await expect(createBubblewrapSandbox().createSession({ image: 'python:3.11' })).rejects.toThrow(/cannot run the image/);
  });
});

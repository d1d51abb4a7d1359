import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { reapHostSandboxFolders } from '../sandbox-shared/host-folder-owner';
import { describeSandboxConformance } from '../sandbox-shared/sandbox-conformance';
import { createLocalSandbox } from './create-local-sandbox';

describeSandboxConformance({
  name: 'local',
  provider: () => createLocalSandbox({ unsafe: true }),
  sessionOptions: () => ({}),
  leftovers: async ({ id, ownerPid }) =>
    (await readdir(tmpdir())).some((name) => name.startsWith(`swespot-local-${ownerPid}-`) && name.includes(id)),
  reap: async () => {
    await reapHostSandboxFolders();
  },
  killsCommandsOfDeadOwner: false,
});

describe('createLocalSandbox', () => {
  it('demands unsafe: true', () => {
    expect(() => createLocalSandbox({} as never)).toThrow(/unsafe: the local sandbox runs commands on this machine/);
  });

  it('refuses limits it cannot enforce', async () => {
    await expect(createLocalSandbox({ unsafe: true }).createSession({ limits: { pids: 10 } })).rejects.toThrow(/cannot enforce/);
  });
});

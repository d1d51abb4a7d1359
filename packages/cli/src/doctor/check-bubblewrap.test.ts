import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBubblewrap } from './check-bubblewrap';

// Stand-in `bwrap` executables put first on PATH: they answer like bubblewrap does on a
// machine with, or without, unprivileged user namespaces.
const bwrapWorks = '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "bubblewrap 0.9.0"; exit 0; fi\nexec "$5"\n';
const bwrapBlocked =
  '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "bubblewrap 0.8.0"; exit 0; fi\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n';

describe('checkBubblewrap', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-bwrap-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function installBwrap(script: string): Promise<NodeJS.ProcessEnv> {
    const file = join(folder, 'bwrap');
    await writeFile(file, script);
    await chmod(file, 0o755);
    return { PATH: `${folder}:/usr/bin:/bin` };
  }

  it('reports bubblewrap missing, with what to install, when bwrap is not on PATH', async () => {
    const check = await checkBubblewrap({ env: { PATH: folder } });
    expect(check).toEqual({
      name: 'bubblewrap',
      status: 'missing',
      required: false,
      detail: 'bwrap not found on PATH',
      hint: 'install bubblewrap (apt-get install bubblewrap, dnf install bubblewrap) to use sandbox.provider "bubblewrap"',
    });
  });

  it('reports ok when bwrap can create a sandbox (runs its last argument, `true`)', async () => {
    const check = await checkBubblewrap({ env: await installBwrap(bwrapWorks) });
    expect(check).toMatchObject({ status: 'ok', version: '0.9.0' });
    expect(check.detail).toBe('bubblewrap 0.9.0, can create a sandbox without network');
  });

  it('warns, quoting bwrap, when bwrap is installed but cannot create a sandbox', async () => {
    const check = await checkBubblewrap({ env: await installBwrap(bwrapBlocked) });
    expect(check.status).toBe('warning');
    expect(check.version).toBe('0.8.0');
    expect(check.detail).toBe(
      'bubblewrap 0.8.0 is installed but cannot create a sandbox: bwrap: No permissions to create new namespace',
    );
    expect(check.hint).toContain('unprivileged user namespaces');
  });
});

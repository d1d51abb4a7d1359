import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSandboxPython } from './check-sandbox-python';

// The situation of a fresh machine whose first python3 is not the system's: the host's first
// python3 has pytest, the one the sandbox reaches has not. `python3 -S` skips site-packages,
// where Debian's pytest lives, so a wrapper with -S stands for an interpreter without pytest.
describe('checkSandboxPython', () => {
  let folder: string;
  beforeEach(async () => {
    // Under /var/tmp: the host's /tmp is not visible in the sandbox.
    folder = await mkdtemp(join('/var/tmp', 'swespot-sandbox-python-'));
    await chmod(folder, 0o755);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function python(name: string, mode: number, body: string): Promise<string> {
    const directory = join(folder, name);
    await mkdir(directory, { mode });
    await chmod(directory, mode);
    await writeFile(join(directory, 'python3'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return directory;
  }

  it("names the interpreter the sandbox runs, not the host's first python3, when it lacks pytest", async () => {
    const withoutPytest = await python('public', 0o755, 'exec /usr/bin/python3 -S "$@"');
    // As root the sandbox runs as nobody, who cannot enter this folder; as another user it can, so it is left out then.
    const hostOnly = process.getuid?.() === 0 ? [await python('private', 0o700, 'exec /usr/bin/python3 "$@"')] : [];
    const path = [...hostOnly, withoutPytest, '/usr/bin', '/bin'].join(':');
    const check = await checkSandboxPython({ env: { PATH: path } });
    expect(check).toMatchObject({ name: 'sandbox-python', status: 'missing', required: false });
    expect(check.detail).toMatch(new RegExp(`^bubblewrap sandboxes run \\S*${withoutPytest}/python3|^bubblewrap sandboxes run /usr/bin/python3`));
    expect(check.detail).toContain('which has no pytest');
    expect(check.hint).toMatch(/install pytest for|apt-get install python3-pytest/);
  });

  it('reports the interpreter and pytest version when the sandbox has them', async () => {
    const check = await checkSandboxPython({ env: { PATH: '/usr/bin:/bin' } });
    expect(check).toMatchObject({ name: 'sandbox-python', status: 'ok' });
    expect(check.detail).toMatch(/^bubblewrap sandboxes run \/usr\/bin\/python3\S* \(Python 3\.\d+\.\d+\) with pytest \d+\.\d+/);
  });

  it('says when no python3 is reachable at all', async () => {
    const check = await checkSandboxPython({ env: { PATH: folder } });
    expect(check).toMatchObject({ status: 'missing', detail: `no python3 on the PATH a bubblewrap sandbox's user can reach (PATH=${folder})` });
  });
});

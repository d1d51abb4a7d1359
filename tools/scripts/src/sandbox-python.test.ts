import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

// A fresh machine whose first python3 is not the system's: the host's first python3 has
// pytest, the one a bubblewrap sandbox reaches has not. `python3 -S` skips site-packages
// (where Debian's pytest lives), so a wrapper adding -S is an interpreter without pytest.
// The folders live under /var/tmp because a sandbox has its own /tmp.
describe('sandbox-python.sh and setup.sh --dry-run', () => {
  let folder: string;
  let path: string;
  let withoutPytest: string;
  beforeEach(async () => {
    folder = await mkdtemp(join('/var/tmp', 'swespot-setup-python-'));
    await chmod(folder, 0o755);
    withoutPytest = await python('public', 0o755, 'exec /usr/bin/python3 -S "$@"');
    // As root the sandbox runs as nobody, who cannot enter a 0700 folder of root's (like
    // /root/.pyenv/shims); as any other user it can, so this part of the picture needs root.
    const hostOnly = process.getuid?.() === 0 ? [await python('private', 0o700, 'exec /usr/bin/python3 "$@"')] : [];
    path = [...hostOnly, withoutPytest, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'].join(':');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function python(name: string, mode: number, body: string): Promise<string> {
    const directory = join(folder, name);
    await mkdir(directory);
    await chmod(directory, mode);
    await writeFile(join(directory, 'python3'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return directory;
  }

  it("names the python3 the sandbox reaches and says it lacks pytest, whatever the host's first python3 has", async () => {
    const result = await runScript('sandbox-python.sh', ['pytest'], { PATH: path, PYTHONPATH: '/usr/lib/python3/dist-packages' });
    expect(result).toMatchObject({ exitCode: 1, stdout: `${withoutPytest}/python3\n` });
    const present = await runScript('sandbox-python.sh', ['json'], { PATH: path });
    expect(present).toMatchObject({ exitCode: 0, stdout: `${withoutPytest}/python3\n` });
  });

  it('exits 2 when the sandbox reaches no python3', async () => {
    const result = await runScript('sandbox-python.sh', ['pytest'], { PATH: `${folder}/none` });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('setup.sh checks that interpreter, not the first python3 on PATH, and says how to fix it', async () => {
    const result = await runScript('setup.sh', ['--dry-run'], { PATH: path, HOME: folder });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`setup: bubblewrap sandboxes run ${withoutPytest}/python3, which has no pytest, and Debian's python3-pytest would not reach it`);
    expect(result.stdout).toContain('setup: would run pnpm install --frozen-lockfile');
  });

  it('setup.sh refuses an unknown argument', async () => {
    const result = await runScript('setup.sh', ['--now'], { PATH: path });
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain("unknown argument '--now'");
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

describe('swespot sandbox exec', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-cli-sandbox-'));
    await writeFile(join(folder, 'input.txt'), 'from the workspace\n');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function swespot(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('runs a command in bubblewrap on a copy of the workspace and exits with its code', async () => {
    const result = await swespot(['sandbox', 'exec', '--workspace', '.', '--', 'sh', '-c', 'cat input.txt; echo oops >&2; echo changed > input.txt; exit 3']);
    expect(result).toMatchObject({ exitCode: 3, stdout: 'from the workspace\n', stderr: 'oops\n' });
    expect(await readFile(join(folder, 'input.txt'), 'utf8')).toBe('from the workspace\n');
  });

  it('exits 124 when the command times out', async () => {
    const result = await swespot(['sandbox', 'exec', '--workspace', '.', '--timeout', '1', '--', 'sleep', '30']);
    expect(result.exitCode).toBe(124);
    expect(result.stderr).toMatch(/timed out after 1 s/);
  });

  it('refuses the local sandbox without --unsafe and docker without an image', async () => {
    const local = await swespot(['sandbox', 'exec', '--sandbox', 'local', '--workspace', '.', '--', 'true']);
    expect(local.exitCode).toBe(2);
    expect(local.stderr).toMatch(/--sandbox local: .* add --unsafe/);
    const docker = await swespot(['sandbox', 'exec', '--sandbox', 'docker', '--workspace', '.', '--', 'true']);
    expect(docker.stderr).toMatch(/--image: --sandbox docker needs an image/);
    // An image the engine lacks: say what to run, not which library function builds one.
    const missing = await swespot(['sandbox', 'exec', '--sandbox', 'docker', '--image', 'swespot/no-such-image:missing', '--workspace', '.', '--', 'true']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      'sandbox exec: image: swespot/no-such-image:missing is not on the Docker engine; build a repository\'s image with `swespot env build <repo> --cutoff DATE --out build.json` (the tag is images.repository in build.json), or fetch this one with `docker pull swespot/no-such-image:missing` or `docker load`.\n',
    );
    const unsafe = await swespot(['sandbox', 'exec', '--sandbox', 'local', '--unsafe', '--workspace', '.', '--', 'cat', 'input.txt']);
    expect(unsafe).toMatchObject({ exitCode: 0, stdout: 'from the workspace\n' });
  });
});

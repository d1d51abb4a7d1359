import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerSandbox } from '../docker/create-docker-sandbox';
import { testPythonImage } from '../sandbox-shared/__fixtures__/test-images';
import { buildDockerfileImage } from './build-dockerfile-image';
import { buildRepositoryImage } from './build-repository-image';

const docker = new Docker();
let base = '';
let folder = '';
const made: string[] = [];

beforeAll(async () => {
  base = await testPythonImage();
  folder = await mkdtemp(join(tmpdir(), 'swespot-repo-image-'));
  await writeFile(join(folder, 'setup_marker.py'), `print("snapshot ${process.pid} ${Date.now()}")\n`);
}, 900_000);
afterAll(async () => {
  for (const tag of made) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
});

describe('buildRepositoryImage', () => {
  it('bakes the snapshot and install commands into an image tagged by content, built once', async () => {
    const options = { baseImage: base, snapshotPath: folder, installCommands: ['python3 setup_marker.py > installed.txt'] };
    const tag = await buildRepositoryImage(options);
    made.push(tag);
    expect(tag).toMatch(/^swespot\/repo:[0-9a-f]{24}$/);
    const created = (await docker.getImage(tag).inspect()).Created;
    expect(await buildRepositoryImage(options)).toBe(tag);
    expect((await docker.getImage(tag).inspect()).Created).toBe(created);

    const session = await createDockerSandbox({ reapOrphans: false }).createSession({ image: tag });
    try {
      expect((await session.exec({ command: 'cat installed.txt' })).stdout).toMatch(/^snapshot \d+/);
    } finally {
      await session.destroy();
    }
    await writeFile(join(folder, 'setup_marker.py'), 'print("changed")\n');
    const changed = await buildRepositoryImage(options);
    made.push(changed);
    expect(changed).not.toBe(tag);
  });

  it('fails with the install command and its output when it exits non-zero', async () => {
    await expect(buildRepositoryImage({ baseImage: base, snapshotPath: folder, installCommands: ['echo cannot-install >&2; exit 4'] })).rejects.toThrow(
      /installCommands: 'echo cannot-install >&2; exit 4' exited 4[\s\S]*cannot-install/,
    );
  });
});

describe('buildDockerfileImage', () => {
  it('builds from a Dockerfile and a context folder without network', async () => {
    const context = await mkdtemp(join(tmpdir(), 'swespot-dockerfile-'));
    try {
      await writeFile(join(context, 'Dockerfile'), `FROM ${base}\nCOPY note.txt /note.txt\nRUN cat /note.txt > /built.txt\n`);
      await writeFile(join(context, 'note.txt'), 'from the context\n');
      const tag = `swespot/test-dockerfile:${process.pid}`;
      made.push(await buildDockerfileImage({ context, tag }));
      const session = await createDockerSandbox({ reapOrphans: false }).createSession({ image: tag });
      try {
        expect((await session.exec({ command: 'cat /built.txt' })).stdout).toBe('from the context\n');
      } finally {
        await session.destroy();
      }
      await writeFile(join(context, 'Dockerfile'), `FROM ${base}\nRUN exit 9\n`);
      await expect(buildDockerfileImage({ context, tag: `${tag}-broken` })).rejects.toThrow(/docker build of .* failed/);
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  });
});

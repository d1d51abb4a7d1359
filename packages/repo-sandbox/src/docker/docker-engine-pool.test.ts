import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeTinyRootFilesystem, startSecondDockerEngine, type SecondDockerEngine } from '@swespot-tools/test-docker-engine';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRootFilesystem } from '../images/build-dockerfile-image';
import { createDockerSandbox } from './create-docker-sandbox';
import { createDockerClient, describeDockerEngine, type DockerConnectionSettings } from './docker-connection';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL, SESSION_LABEL } from './docker-labels';

const IMAGE = 'swespot-test/pool-tiny:1';
const ONLY_ON_SECOND = 'swespot-test/pool-only-second:1';

/** The swespot sandbox containers on one engine. */
async function sessionsOn(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } });
  return containers.map((container) => container.Labels[SESSION_LABEL]!);
}

// A second Docker engine, started here on a Unix socket with its own data and exec roots,
// next to the machine's engine: a pool of the two spreads sessions over both.
describe('a pool of Docker engines', () => {
  let engine: SecondDockerEngine;
  let folder: string;
  let second: DockerConnectionSettings;
  const first: DockerConnectionSettings = {};
  const firstClient = new Docker();
  let secondClient: Docker;

  beforeAll(async () => {
    engine = await startSecondDockerEngine();
    folder = engine.folder;
    second = { host: engine.host };
    secondClient = createDockerClient(second);
    const root = join(folder, 'root');
    await makeTinyRootFilesystem(root);
    // The same root filesystem imported into both engines: the pool needs the image on each.
    for (const docker of [first, second]) await importRootFilesystem({ rootFolder: root, tag: IMAGE, docker, changes: ['CMD ["bash"]'] });
    await secondClient.getImage(IMAGE).tag({ repo: 'swespot-test/pool-only-second', tag: '1' });
  }, 300_000);

  afterAll(async () => {
    await engine?.stop();
    await firstClient.getImage(IMAGE).remove().catch(() => undefined);
  }, 120_000);

  it('sends sessions to both engines, least busy first, and they run commands', async () => {
    const pool = createDockerSandbox({ engines: [first, second], reapOrphans: false });
    const sessions = await Promise.all(Array.from({ length: 4 }, () => pool.createSession({ image: IMAGE })));
    try {
      const onFirst = (await sessionsOn(firstClient)).filter((id) => sessions.some((session) => session.id === id));
      const onSecond = await sessionsOn(secondClient);
      expect([onFirst.length, onSecond.length]).toEqual([2, 2]);
      const outputs = await Promise.all(sessions.map((session) => session.exec({ command: 'echo "hello from $(cat /proc/self/comm)"' })));
      expect(outputs.map((output) => [output.exitCode, output.stdout])).toEqual(Array.from({ length: 4 }, () => [0, 'hello from cat\n']));

      // Free a slot on the second engine: the next session goes there (it is now the least busy).
      const leaving = sessions.find((session) => onSecond.includes(session.id))!;
      await leaving.destroy();
      sessions.splice(sessions.indexOf(leaving), 1);
      const next = await pool.createSession({ image: IMAGE });
      sessions.push(next);
      expect(await sessionsOn(secondClient)).toContain(next.id);
    } finally {
      await Promise.all(sessions.map((session) => session.destroy()));
    }
    expect(await sessionsOn(secondClient)).toEqual([]);
  }, 300_000);

  it('passes over an engine without the image, names every engine when none has it, and reaps orphans per engine', async () => {
    // An orphan on the second engine: a sandbox container whose owner (a finished process on this host) is gone.
    const finished = spawn('true');
    await new Promise((resolve) => finished.once('exit', resolve));
    const orphan = await secondClient.createContainer({
      Image: IMAGE,
      Entrypoint: ['tail', '-f', '/dev/null'],
      Labels: { [SESSION_LABEL]: 'orphan', [OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: String(finished.pid), [OWNER_START_LABEL]: '1' },
      HostConfig: { NetworkMode: 'none' },
    });
    expect(await sessionsOn(secondClient)).toEqual(['orphan']);

    const pool = createDockerSandbox({ engines: [first, second] });
    const session = await pool.createSession({ image: ONLY_ON_SECOND });
    try {
      expect(await sessionsOn(secondClient)).toEqual([session.id]);
      await expect(orphan.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await session.destroy();
    }
    // Without shareImages nothing is copied: the first engine still lacks the image.
    await expect(firstClient.getImage(ONLY_ON_SECOND).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(pool.createSession({ image: 'swespot-test/nowhere:1' })).rejects.toThrow(
      `image: no engine of the pool can run swespot-test/nowhere:1 (the default engine (DOCKER_HOST or /var/run/docker.sock): no such image; unix://${join(folder, 'docker.sock')}: no such image)`,
    );
  }, 300_000);

  it('with shareImages, copies an image to the engine that lacks it (no registry) and then sends sessions there', async () => {
    const shared = 'swespot-test/pool-shared:1';
    await secondClient.getImage(IMAGE).tag({ repo: 'swespot-test/pool-shared', tag: '1' });
    const pool = createDockerSandbox({ engines: [first, second], reapOrphans: false, shareImages: true });
    const sessions = [];
    try {
      // The first engine lacks the image: the session goes to the second, and a copy to the first starts.
      sessions.push(await pool.createSession({ image: shared }));
      expect(await sessionsOn(secondClient)).toEqual([sessions[0]!.id]);
      // Once the copy has loaded, the first engine (the least busy) takes the next session.
      const deadline = Date.now() + 180_000;
      for (;;) {
        const session = await pool.createSession({ image: shared });
        sessions.push(session);
        if ((await sessionsOn(firstClient)).includes(session.id)) break;
        expect(Date.now(), 'the copy did not reach the first engine within 3 minutes').toBeLessThan(deadline);
        await sessions.pop()!.destroy();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // The same image (save and load keep its id), and it runs there.
      expect((await firstClient.getImage(shared).inspect()).Id).toBe((await secondClient.getImage(shared).inspect()).Id);
      expect((await sessions.at(-1)!.exec({ command: 'echo copied' })).stdout).toBe('copied\n');
    } finally {
      await Promise.all(sessions.map((session) => session.destroy()));
      await firstClient.getImage(shared).remove().catch(() => undefined);
      await secondClient.getImage(shared).remove().catch(() => undefined);
    }
  }, 300_000);

  it('reads engines as DOCKER_HOST writes them, with TLS files', async () => {
    const certificates = join(folder, 'certificates');
    await mkdir(certificates, { recursive: true });
    for (const name of ['ca', 'cert', 'key']) await writeFile(join(certificates, `${name}.pem`), `PEM ${name}`);
    const tls = createDockerClient({ host: 'tcp://build-box.internal:2376', tls: { directory: certificates } }).modem as unknown as Record<string, unknown>;
    expect(tls).toMatchObject({ host: 'build-box.internal', port: '2376', protocol: 'https', ca: 'PEM ca', cert: 'PEM cert', key: 'PEM key' });
    const ssh = createDockerClient({ host: 'ssh://ci@build-box.internal:2222' }).modem as unknown as Record<string, unknown>;
    expect(ssh).toMatchObject({ host: 'build-box.internal', port: '2222', protocol: 'ssh', username: 'ci' });
    expect(describeDockerEngine({ host: 'tcp://10.0.0.5:2375' })).toBe('http://10.0.0.5:2375');
    expect(() => createDockerClient({ host: 'tcp://x:2376', tls: { directory: join(folder, 'missing') } })).toThrow(/docker.tls.ca: cannot read .*missing\/ca.pem/);
    expect(() => createDockerSandbox({ engines: [] })).toThrow('engines: the pool is empty');
  });
});

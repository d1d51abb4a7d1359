import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRootFilesystem } from '../images/build-dockerfile-image';
import { createDockerSandbox } from './create-docker-sandbox';
import { createDockerClient, describeDockerEngine, type DockerConnectionSettings } from './docker-connection';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL, SESSION_LABEL } from './docker-labels';

const exec = promisify(execFile);
const IMAGE = 'swespot-test/pool-tiny:1';
const ONLY_ON_SECOND = 'swespot-test/pool-only-second:1';

/** A root filesystem of a few megabytes: bash, sh and the tools a session needs, with their libraries. */
async function makeTinyRoot(root: string): Promise<void> {
  for (const program of ['/bin/bash', '/bin/sh', '/bin/mkdir', '/usr/bin/tail', '/bin/cat', '/bin/rm', '/bin/sleep', '/usr/bin/setsid']) {
    const files = [program];
    const { stdout } = await exec('ldd', [program]).catch(() => ({ stdout: '' }));
    files.push(...(stdout.match(/\/\S+/g) ?? []));
    for (const file of files) {
      const target = join(root, file === program ? join('bin', program.split('/').pop()!) : file);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
  }
  await mkdir(join(root, 'tmp'), { recursive: true });
}

/** The swespot sandbox containers on one engine. */
async function sessionsOn(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } });
  return containers.map((container) => container.Labels[SESSION_LABEL]!);
}

// A second Docker engine, started here on a Unix socket with its own data and exec roots,
// next to the machine's engine: a pool of the two spreads sessions over both.
describe('a pool of Docker engines', () => {
  let folder: string;
  let daemon: ChildProcess | undefined;
  let second: DockerConnectionSettings;
  const first: DockerConnectionSettings = {};
  const firstClient = new Docker();
  let secondClient: Docker;

  beforeAll(async () => {
    // Short: a Unix socket path must stay under 108 bytes.
    folder = await mkdtemp('/tmp/swespot-engine-');
    const socket = join(folder, 'docker.sock');
    daemon = spawn(
      'dockerd',
      ['--host', `unix://${socket}`, '--data-root', join(folder, 'data'), '--exec-root', join(folder, 'exec'), '--pidfile', join(folder, 'docker.pid'),
        '--bridge=none', '--iptables=false', '--ip-forward=false', '--ip-masq=false'],
      { stdio: 'ignore' },
    );
    second = { host: `unix://${socket}` };
    secondClient = createDockerClient(second);
    const started = Date.now();
    for (;;) {
      if (daemon.exitCode !== null) throw new Error(`the second dockerd exited with ${daemon.exitCode}`);
      try {
        await secondClient.ping();
        break;
      } catch {
        if (Date.now() - started > 120_000) throw new Error('the second dockerd did not answer within 2 minutes');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const root = join(folder, 'root');
    await makeTinyRoot(root);
    // The same root filesystem imported into both engines: the pool needs the image on each.
    for (const docker of [first, second]) await importRootFilesystem({ rootFolder: root, tag: IMAGE, docker, changes: ['CMD ["bash"]'] });
    await secondClient.getImage(IMAGE).tag({ repo: 'swespot-test/pool-only-second', tag: '1' });
  }, 300_000);

  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((resolve) => daemon!.once('exit', resolve));
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon!.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    if (folder) {
      // dockerd unmounts its roots on exit; a forced stop may leave a mount behind.
      await exec('umount', ['-R', join(folder, 'exec')]).catch(() => undefined);
      await exec('umount', ['-R', join(folder, 'data')]).catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    }
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
    await expect(pool.createSession({ image: 'swespot-test/nowhere:1' })).rejects.toThrow(
      `image: no engine of the pool can run swespot-test/nowhere:1 (the default engine (DOCKER_HOST or /var/run/docker.sock): no such image; unix://${join(folder, 'docker.sock')}: no such image)`,
    );
  }, 300_000);

  it('reads engines as DOCKER_HOST writes them, with TLS files', async () => {
    const certificates = join(folder, 'certificates');
    await mkdir(certificates, { recursive: true });
    for (const name of ['ca', 'cert', 'key']) await exec('sh', ['-c', `printf 'PEM %s' ${name} > ${join(certificates, `${name}.pem`)}`]);
    const tls = createDockerClient({ host: 'tcp://build-box.internal:2376', tls: { directory: certificates } }).modem as unknown as Record<string, unknown>;
    expect(tls).toMatchObject({ host: 'build-box.internal', port: '2376', protocol: 'https', ca: 'PEM ca', cert: 'PEM cert', key: 'PEM key' });
    const ssh = createDockerClient({ host: 'ssh://ci@build-box.internal:2222' }).modem as unknown as Record<string, unknown>;
    expect(ssh).toMatchObject({ host: 'build-box.internal', port: '2222', protocol: 'ssh', username: 'ci' });
    expect(describeDockerEngine({ host: 'tcp://10.0.0.5:2375' })).toBe('http://10.0.0.5:2375');
    expect(() => createDockerClient({ host: 'tcp://x:2376', tls: { directory: join(folder, 'missing') } })).toThrow(/docker.tls.ca: cannot read .*missing\/ca.pem/);
    expect(() => createDockerSandbox({ engines: [] })).toThrow('engines: the pool is empty');
  });
});

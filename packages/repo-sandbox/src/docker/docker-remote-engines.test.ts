import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTinyRootFilesystem, startSecondDockerEngine, startTestSshServer, type SecondDockerEngine, type TestSshServer } from '@swespot-tools/test-docker-engine';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRootFilesystem } from '../images/build-dockerfile-image';
import { createDockerSandbox } from './create-docker-sandbox';
import { createDockerClient, type DockerConnectionSettings } from './docker-connection';
import { SESSION_LABEL } from './docker-labels';

const IMAGE = 'swespot-test/remote-tiny:1';

async function sessionsOn(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } });
  return containers.map((container) => container.Labels[SESSION_LABEL]!);
}

// Remote engines as users reach them: a second dockerd that listens on a loopback TCP port with
// --tlsverify (certificates made here with openssl), and an sshd whose key may only run
// `docker system dial-stdio` against that engine. Every request below crosses TLS or SSH.
describe('remote Docker engines over TLS and SSH', () => {
  let engine: SecondDockerEngine;
  let ssh: TestSshServer;
  let tls: DockerConnectionSettings;
  let overSsh: DockerConnectionSettings;
  let onEngine: Docker;
  let workspace: string;

  beforeAll(async () => {
    engine = await startSecondDockerEngine({ tls: true });
    tls = { host: engine.host, tls: { directory: engine.tlsDirectory! } };
    onEngine = createDockerClient({ host: `unix://${engine.socketPath}` });
    ssh = await startTestSshServer({ engine: `unix://${engine.socketPath}` });
    overSsh = { host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile } };
    const root = join(engine.folder, 'root');
    await makeTinyRootFilesystem(root, { '/engine': 'the TLS engine\n' });
    // Imported over TLS: the image upload crosses the TLS connection too.
    await importRootFilesystem({ rootFolder: root, tag: IMAGE, docker: tls, changes: ['CMD ["bash"]'] });
    workspace = await mkdtemp(join(engine.folder, 'workspace-'));
    await writeFile(join(workspace, 'notes.txt'), 'from the host\n');
  }, 300_000);

  afterAll(async () => {
    await ssh?.stop();
    await engine?.stop();
  }, 120_000);

  it('runs a session on a TCP engine with --tlsverify: workspace copied in, commands, files out', async () => {
    const provider = createDockerSandbox({ docker: tls, reapOrphans: false });
    const session = await provider.createSession({ image: IMAGE, workspace: { hostPath: workspace } });
    try {
      expect(await sessionsOn(onEngine)).toEqual([session.id]);
      const output = await session.exec({ command: 'cat /engine notes.txt && echo made > made.txt' });
      expect([output.exitCode, output.stdout]).toEqual([0, 'the TLS engine\nfrom the host\n']);
      expect(new TextDecoder().decode(await session.readFile('made.txt'))).toBe('made\n');
    } finally {
      await session.destroy();
    }
    expect(await sessionsOn(onEngine)).toEqual([]);
  }, 300_000);

  it('is refused by the TLS engine without a certificate it trusts, and names the engine', async () => {
    const stranger = createDockerSandbox({ docker: { host: engine.host, tls: { directory: engine.strangerTlsDirectory! } }, reapOrphans: false });
    await expect(stranger.createSession({ image: IMAGE })).rejects.toThrow(/image: cannot reach the Docker engine https:\/\/127\.0\.0\.1:\d+ to inspect swespot-test\/remote-tiny:1 \(.*bad certificate.*\); check that Docker runs there/);
    const plain = createDockerSandbox({ docker: { host: engine.host }, reapOrphans: false });
    await expect(plain.createSession({ image: IMAGE })).rejects.toThrow(/cannot reach the Docker engine http:\/\/127\.0\.0\.1:\d+/);
  }, 120_000);

  it('runs a session over SSH (docker system dial-stdio), with the key and known_hosts given', async () => {
    const provider = createDockerSandbox({ docker: overSsh, reapOrphans: false });
    const session = await provider.createSession({ image: IMAGE, workspace: { hostPath: workspace } });
    try {
      expect(await sessionsOn(onEngine)).toEqual([session.id]);
      const output = await session.exec({ command: 'cat /engine notes.txt' });
      expect([output.exitCode, output.stdout]).toEqual([0, 'the TLS engine\nfrom the host\n']);
    } finally {
      await session.destroy();
    }
    expect(await sessionsOn(onEngine)).toEqual([]);
  }, 300_000);

  it('reads DOCKER_HOST=ssh://... with the key and known_hosts under HOME, as the docker command line does', async () => {
    const home = await mkdtemp(join(engine.folder, 'home-'));
    await mkdir(join(home, '.ssh'));
    await copyFile(ssh.identityFile, join(home, '.ssh', 'id_ed25519'));
    await copyFile(ssh.knownHostsFile, join(home, '.ssh', 'known_hosts'));
    const docker = createDockerClient(undefined, { DOCKER_HOST: ssh.host, HOME: home });
    expect((await docker.info()).DockerRootDir).toBe(join(engine.folder, 'data'));
  }, 120_000);

  it('refuses an SSH host whose key is unknown or changed, and a key the server does not accept, saying what to do', async () => {
    const empty = join(engine.folder, 'no-known-hosts');
    const refused = (settings: DockerConnectionSettings) => createDockerSandbox({ docker: settings, reapOrphans: false }).createSession({ image: IMAGE });
    await expect(refused({ host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: empty } })).rejects.toThrow(
      /the host key of \[127\.0\.0\.1\]:\d+ is not in .*no-known-hosts; check its fingerprint and add it \(ssh-keyscan -p \d+ 127\.0\.0\.1 >> .*no-known-hosts\)/,
    );
    await expect(refused({ host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: ssh.wrongKnownHostsFile } })).rejects.toThrow(
      /the host key of \[127\.0\.0\.1\]:\d+ differs from the one in .*wrong_known_hosts line 1/,
    );
    await expect(refused({ host: ssh.host, ssh: { identityFile: ssh.strangerIdentityFile, knownHostsFile: ssh.knownHostsFile } })).rejects.toThrow(
      /the SSH server accepted none of our keys .*give ssh\.identityFile/,
    );
    // A new host is accepted when asked to (StrictHostKeyChecking=no for new hosts) ...
    const accepting = createDockerSandbox({ docker: { host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: empty, acceptUnknownHost: true } }, reapOrphans: false });
    const session = await accepting.createSession({ image: IMAGE });
    await session.destroy();
    // ... but a changed key never is.
    await expect(refused({ host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: ssh.wrongKnownHostsFile, acceptUnknownHost: true } })).rejects.toThrow(/differs from/);
  }, 300_000);

  it('spreads a pool of the local socket, the TLS engine and the SSH engine, least busy first', async () => {
    const pool = createDockerSandbox({ engines: [tls, overSsh, {}], reapOrphans: false });
    const local = new Docker();
    await local.getImage(IMAGE).inspect().catch(async () => {
      const root = join(engine.folder, 'root');
      await importRootFilesystem({ rootFolder: root, tag: IMAGE, docker: {}, changes: ['CMD ["bash"]'] });
    });
    const sessions = await Promise.all(Array.from({ length: 3 }, () => pool.createSession({ image: IMAGE })));
    try {
      // The TLS and the SSH engine are one dockerd here: it holds two sessions, the local socket one.
      const remote = await sessionsOn(onEngine);
      expect(remote).toHaveLength(2);
      expect((await sessionsOn(local)).filter((id) => sessions.some((session) => session.id === id))).toHaveLength(1);
      const outputs = await Promise.all(sessions.map((session) => session.exec({ command: 'cat /engine' })));
      expect(outputs.map((output) => output.stdout).sort()).toEqual(['the TLS engine\n', 'the TLS engine\n', 'the TLS engine\n']);
    } finally {
      await Promise.all(sessions.map((session) => session.destroy()));
      await local.getImage(IMAGE).remove().catch(() => undefined);
    }
  }, 300_000);
});

import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A Docker engine started by a test; {@link SecondDockerEngine.stop} stops it and removes its folder. */
export interface SecondDockerEngine {
  /**
   * Its address as DOCKER_HOST writes it: `unix:///tmp/swespot-engine-XXXX/docker.sock`, or
   * with `tls: true` `tcp://127.0.0.1:PORT`.
   */
  readonly host: string;
  /** Its Unix socket (a TLS engine listens on both). */
  readonly socketPath: string;
  /** With `tls: true`: a folder with the client's `ca.pem`, `cert.pem` and `key.pem`, as DOCKER_CERT_PATH. */
  readonly tlsDirectory?: string;
  /** With `tls: true`: a folder with a client certificate signed by another CA, which the engine refuses. */
  readonly strangerTlsDirectory?: string;
  /** The folder holding its socket, data root and exec root. */
  readonly folder: string;
  /** Stops the engine (SIGTERM, SIGKILL after a minute), unmounts what it left and removes its folder. */
  stop(): Promise<void>;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const call = request({ socketPath, path: '/_ping', method: 'GET', timeout: 5_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    call.on('error', () => resolve(false));
    call.on('timeout', () => call.destroy());
    call.end();
  });
}

/** A free TCP port on 127.0.0.1 (the kernel's choice; free when this returns). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function openssl(folder: string, ...args: string[]): Promise<void> {
  await exec('openssl', args, { cwd: folder });
}

/**
 * Writes into `folder` a certificate for 127.0.0.1 with `extensions`, signed by `ca` (a new CA
 * when none is given), as DOCKER_CERT_PATH holds them: `ca.pem`, `cert.pem`, `key.pem`.
 */
async function certificates(folder: string, ca: { pem: string; key: string } | undefined, extensions: string): Promise<{ pem: string; key: string }> {
  await mkdir(folder, { recursive: true });
  let authority = ca;
  if (authority === undefined) {
    await openssl(folder, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=swespot test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
    authority = { pem: join(folder, 'ca.pem'), key: join(folder, 'ca-key.pem') };
  } else {
    await copyFile(authority.pem, join(folder, 'ca.pem'));
  }
  await writeFile(join(folder, 'extensions.cnf'), extensions);
  await openssl(folder, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'key.pem', '-out', 'request.csr');
  await openssl(folder, 'x509', '-req', '-in', 'request.csr', '-CA', authority.pem, '-CAkey', authority.key, '-CAcreateserial', '-days', '2', '-extfile', 'extensions.cnf', '-out', 'cert.pem');
  return authority;
}

/** Options of {@link startSecondDockerEngine}. */
export interface SecondDockerEngineOptions {
  /**
   * Also listen on a loopback TCP port with `--tlsverify`: a CA, a server certificate for
   * 127.0.0.1 and a client certificate are made with `openssl`; `host` is then the TCP address.
   */
  readonly tls?: boolean;
}

/**
 * Starts a second `dockerd` next to the machine's engine, on a Unix socket with its own
 * data and exec roots and no networking of its own (`--bridge=none`), and waits until it
 * answers `/_ping` (at most two minutes). With `tls: true` it also listens on a loopback TCP
 * port and verifies clients' certificates, as a remote engine reached over TLS does. Needs
 * root, like the machine's engine.
 *
 * @example
 * ```ts
 * const engine = await startSecondDockerEngine();
 * try { createDockerSandbox({ engines: [{}, { host: engine.host }] }); } finally { await engine.stop(); }
 * ```
 */
export async function startSecondDockerEngine(options: SecondDockerEngineOptions = {}): Promise<SecondDockerEngine> {
  // Short: a Unix socket path must stay under 108 bytes.
  const folder = await mkdtemp('/tmp/swespot-engine-');
  const socketPath = join(folder, 'docker.sock');
  const tcp: { port: number; client: string; stranger: string; flags: string[] } | undefined = options.tls ? await (async () => {
    const server = join(folder, 'tls-server');
    const authority = await certificates(server, undefined, 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
    const client = join(folder, 'tls-client');
    await certificates(client, authority, 'extendedKeyUsage = clientAuth\n');
    const stranger = join(folder, 'tls-stranger');
    await certificates(stranger, undefined, 'extendedKeyUsage = clientAuth\n');
    // The stranger trusts the engine's CA (it reaches the engine) but holds a certificate of another CA.
    await copyFile(join(server, 'ca.pem'), join(stranger, 'ca.pem'));
    const port = await freeLoopbackPort();
    return {
      port,
      client,
      stranger,
      flags: ['--host', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', join(server, 'ca.pem'), '--tlscert', join(server, 'cert.pem'), '--tlskey', join(server, 'key.pem')],
    };
  })() : undefined;
  const daemon = spawn(
    'dockerd',
    ['--host', `unix://${socketPath}`, ...(tcp?.flags ?? []), '--data-root', join(folder, 'data'), '--exec-root', join(folder, 'exec'), '--pidfile', join(folder, 'docker.pid'),
      '--bridge=none', '--iptables=false', '--ip-forward=false', '--ip-masq=false'],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    // dockerd unmounts its roots on exit; a forced stop may leave a mount behind.
    await exec('umount', ['-R', join(folder, 'exec')]).catch(() => undefined);
    await exec('umount', ['-R', join(folder, 'data')]).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  };
  const started = Date.now();
  while (!(await ping(socketPath))) {
    if (daemon.exitCode !== null) {
      await stop();
      throw new Error(`the second dockerd exited with ${daemon.exitCode}`);
    }
    if (Date.now() - started > 120_000) {
      await stop();
      throw new Error('the second dockerd did not answer within 2 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (tcp === undefined) return { host: `unix://${socketPath}`, socketPath, folder, stop };
  return { host: `tcp://127.0.0.1:${tcp.port}`, socketPath, folder, tlsDirectory: tcp.client, strangerTlsDirectory: tcp.stranger, stop };
}

/** An `sshd` started by a test; {@link TestSshServer.stop} stops it and removes its folder. */
export interface TestSshServer {
  /** The engine as DOCKER_HOST writes it: `ssh://USER@127.0.0.1:PORT`. */
  readonly host: string;
  /** The client's private key (ed25519, no passphrase), whose public half the server accepts. */
  readonly identityFile: string;
  /** A private key the server does not accept. */
  readonly strangerIdentityFile: string;
  /** A `known_hosts` file with the server's host key, as `ssh-keyscan` would write it. */
  readonly knownHostsFile: string;
  /** A `known_hosts` file naming the same address with another key (a server that changed its key). */
  readonly wrongKnownHostsFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `sshd` on a loopback port (as root, with a host key, a client key and a config of its
 * own), the way a remote Docker engine is reached over SSH: the client's key may only run
 * `docker system dial-stdio` against `engine` (a forced command), which is what dockerode asks
 * for. Waits until the port answers with an SSH banner (at most a minute).
 *
 * @example
 * ```ts
 * const ssh = await startTestSshServer({ engine: second.host });
 * createDockerSandbox({ docker: { host: ssh.host, ssh: { identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile } } });
 * ```
 */
export async function startTestSshServer(options: { readonly engine: string }): Promise<TestSshServer> {
  const folder = await mkdtemp('/tmp/swespot-sshd-');
  const path = (name: string) => join(folder, name);
  for (const name of ['host_key', 'client_key', 'other_host_key']) await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `swespot test ${name}`, '-f', path(name)]);
  const clientKey = (await readFile(path('client_key.pub'), 'utf8')).trim();
  await writeFile(path('authorized_keys'), `command="DOCKER_HOST=${options.engine} docker system dial-stdio",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${clientKey}\n`, { mode: 0o600 });
  const port = await freeLoopbackPort();
  await writeFile(path('sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${path('host_key')}`, `PidFile ${path('sshd.pid')}`,
    `AuthorizedKeysFile ${path('authorized_keys')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password', 'UsePAM no', 'StrictModes no', 'LogLevel ERROR', '',
  ].join('\n'));
  const hostLine = (key: string) => `[127.0.0.1]:${port} ${key.split(' ').slice(0, 2).join(' ')}\n`;
  await writeFile(path('known_hosts'), hostLine(await readFile(path('host_key.pub'), 'utf8')));
  await writeFile(path('wrong_known_hosts'), hostLine(await readFile(path('other_host_key.pub'), 'utf8')));
  // sshd refuses to start without its privilege separation folder.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const daemon = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path('sshd_config')], { stdio: 'ignore' });
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  const banner = () => new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => undefined);
    socket.setTimeout(5_000, () => socket.destroy());
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('SSH-2.0')); });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
  const started = Date.now();
  while (!(await banner())) {
    if (daemon.exitCode !== null || Date.now() - started > 60_000) {
      await stop();
      throw new Error(`sshd did not answer on 127.0.0.1:${port}${daemon.exitCode === null ? ' within a minute' : ` (it exited with ${daemon.exitCode})`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    host: `ssh://${userInfo().username}@127.0.0.1:${port}`,
    identityFile: path('client_key'),
    strangerIdentityFile: path('other_host_key'),
    knownHostsFile: path('known_hosts'),
    wrongKnownHostsFile: path('wrong_known_hosts'),
    stop,
  };
}

/**
 * Writes into `root` a root filesystem of a few megabytes: bash, sh and the tools a sandbox
 * session needs (mkdir, tail, cat, rm, sleep, setsid) with their libraries, `/tmp`, and
 * `files` (path inside the root → text). Import it with repo-sandbox's `importRootFilesystem`.
 */
export async function makeTinyRootFilesystem(root: string, files: Readonly<Record<string, string>> = {}): Promise<void> {
  for (const program of ['/bin/bash', '/bin/sh', '/bin/mkdir', '/usr/bin/tail', '/bin/cat', '/bin/rm', '/bin/sleep', '/usr/bin/setsid']) {
    const copies = [program];
    const { stdout } = await exec('ldd', [program]).catch(() => ({ stdout: '' }));
    copies.push(...(stdout.match(/\/\S+/g) ?? []));
    for (const file of copies) {
      const target = join(root, file === program ? join('bin', program.split('/').pop()!) : file);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
  }
  await mkdir(join(root, 'tmp'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

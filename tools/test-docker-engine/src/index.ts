import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A Docker engine started by a test; {@link SecondDockerEngine.stop} stops it and removes its folder. */
export interface SecondDockerEngine {
  /** Its address as DOCKER_HOST writes it, `unix:///tmp/swespot-engine-XXXX/docker.sock`. */
  readonly host: string;
  /** The socket path. */
  readonly socketPath: string;
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

/**
 * Starts a second `dockerd` next to the machine's engine, on a Unix socket with its own
 * data and exec roots and no networking of its own (`--bridge=none`), and waits until it
 * answers `/_ping` (at most two minutes). Needs root, like the machine's engine.
 *
 * @example
 * ```ts
 * const engine = await startSecondDockerEngine();
 * try { createDockerSandbox({ engines: [{}, { host: engine.host }] }); } finally { await engine.stop(); }
 * ```
 */
export async function startSecondDockerEngine(): Promise<SecondDockerEngine> {
  // Short: a Unix socket path must stay under 108 bytes.
  const folder = await mkdtemp('/tmp/swespot-engine-');
  const socketPath = join(folder, 'docker.sock');
  const daemon = spawn(
    'dockerd',
    ['--host', `unix://${socketPath}`, '--data-root', join(folder, 'data'), '--exec-root', join(folder, 'exec'), '--pidfile', join(folder, 'docker.pid'),
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
  return { host: `unix://${socketPath}`, socketPath, folder, stop };
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

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, SandboxCommandError } from '@swespot/core';
import type Docker from 'dockerode';
import { createDockerClient, isDockerNotFound, type DockerConnectionSettings } from '../docker/docker-connection';
import { followDockerProgress } from './follow-docker-progress';
import { readAptMirror, type AptMirror } from './read-apt-mirror';
import { withBuildLock } from './with-build-lock';

/** The label on every image swespot builds, with the hash of its spec as value. */
export const IMAGE_SPEC_LABEL = 'dev.swespot.image.spec';

/** Options of {@link buildBaseImage}. */
export interface BuildBaseImageOptions {
  /**
   * `python`: python3, pytest, git and patch from Debian. `node`: git and patch from Debian
   * plus this machine's own `node` and `npm` copied in (same version as the host).
   */
  readonly flavor: 'python' | 'node';
  /** More Debian packages to include, e.g. `['python3-numpy', 'build-essential']`. Default: none. */
  readonly extraPackages?: readonly string[];
  /** The archive and release. Default: read from this machine's apt sources ({@link readAptMirror}). */
  readonly mirror?: AptMirror;
  /** Image repository name. Default: `swespot/base-<flavor>`; the tag is `<suite>-<spec hash>`. */
  readonly repository?: string;
  /** The engine to import into. Default: `DOCKER_HOST`, then the local socket. */
  readonly docker?: DockerConnectionSettings;
  /** Where the root filesystem is assembled. Default: the OS temporary folder. */
  readonly temporaryFolder?: string;
  /** Receives debootstrap and import log lines. */
  readonly onLog?: (line: string) => void;
  readonly abortSignal?: AbortSignal;
}

const FLAVOR_PACKAGES: Record<BuildBaseImageOptions['flavor'], readonly string[]> = {
  python: ['python3', 'python3-pytest', 'git', 'patch'],
  node: ['git', 'patch', 'ca-certificates'],
};

function run(command: string, args: string[], { onLog, abortSignal }: { onLog?: (line: string) => void; abortSignal?: AbortSignal }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: abortSignal });
    let tail = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-4000);
      if (onLog) for (const line of text.split('\n')) if (line.trim()) onLog(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) =>
      reject(new SandboxCommandError({ command: [command, ...args], message: `Could not run ${command}: ${error.message}. Install it (apt-get install ${command}).`, cause: error })),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new SandboxCommandError({ command: [command, ...args], exitCode: code ?? undefined, stderr: tail })),
    );
  });
}

/** The tag {@link buildBaseImage} gives an image for these options, without building anything. */
export function baseImageTag(options: Pick<BuildBaseImageOptions, 'flavor' | 'extraPackages' | 'repository'>, mirror: AptMirror): string {
  const packages = [...new Set([...FLAVOR_PACKAGES[options.flavor], ...(options.extraPackages ?? [])])].sort();
  const spec = {
    builder: 'swespot-base-image/1',
    flavor: options.flavor,
    suite: mirror.suite,
    variant: 'minbase',
    architecture: process.arch,
    packages,
    node: options.flavor === 'node' ? process.version : undefined,
  };
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
  return `${options.repository ?? `swespot/base-${options.flavor}`}:${mirror.suite}-${hash}`;
}

/**
 * Builds a minimal Debian image (`debootstrap --variant=minbase`, then `docker import`) for
 * running a language's tests, and returns its tag. The tag holds a hash of everything that
 * goes in (flavor, release, packages, host node version), so a second call with the same
 * options finds the image and returns at once; parallel callers on one machine build it once.
 * The Debian mirror comes from this machine's apt sources unless `mirror` is given.
 * Needs root (debootstrap) and a Docker engine; takes a minute or two.
 *
 * @example
 * ```ts
 * const image = await buildBaseImage({ flavor: 'python' });
 * const provider = createDockerSandbox({ defaultImage: image });
 * ```
 */
export async function buildBaseImage(options: BuildBaseImageOptions): Promise<string> {
  if (!(options.flavor in FLAVOR_PACKAGES)) {
    throw new InvalidArgumentError({ argument: 'flavor', message: `flavor: expected python or node, got ${String(options.flavor)}.` });
  }
  const mirror = options.mirror ?? (await readAptMirror());
  const tag = baseImageTag(options, mirror);
  const docker = createDockerClient(options.docker);
  if (await imageExists(docker, tag)) return tag;
  return withBuildLock(
    tag,
    async () => {
      if (await imageExists(docker, tag)) return tag;
      if (process.getuid?.() !== 0) {
        throw new InvalidArgumentError({
          argument: 'flavor',
          message: `Building ${tag} needs root (debootstrap); run as root, or build it once on a machine that can and load it (docker save / docker load).`,
        });
      }
      const folder = await mkdtemp(join(options.temporaryFolder ?? tmpdir(), 'swespot-rootfs-'));
      const root = join(folder, 'root');
      try {
        const packages = [...new Set([...FLAVOR_PACKAGES[options.flavor], ...(options.extraPackages ?? [])])].sort();
        await run('debootstrap', ['--variant=minbase', `--include=${packages.join(',')}`, mirror.suite, root, mirror.uri], options);
        if (options.flavor === 'node') await copyHostNode(root);
        await rm(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
        await mkdir(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
        await rm(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
        await mkdir(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
        await importFolder(docker, root, tag, [
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'ENV LANG=C.UTF-8',
          'CMD ["bash"]',
          `LABEL ${IMAGE_SPEC_LABEL}=${tag.split(':').pop()}`,
        ], options);
        return tag;
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    { abortSignal: options.abortSignal },
  );
}

/** Builds the Python base image: {@link buildBaseImage} with `flavor: 'python'`. */
export function buildPythonBaseImage(options: Omit<BuildBaseImageOptions, 'flavor'> = {}): Promise<string> {
  return buildBaseImage({ ...options, flavor: 'python' });
}

/** Builds the Node base image: {@link buildBaseImage} with `flavor: 'node'`. */
export function buildNodeBaseImage(options: Omit<BuildBaseImageOptions, 'flavor'> = {}): Promise<string> {
  return buildBaseImage({ ...options, flavor: 'node' });
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if (isDockerNotFound(error)) return false;
    throw error;
  }
}

/** Copies this machine's node binary and its bundled npm into the root filesystem under /usr/local. */
async function copyHostNode(root: string): Promise<void> {
  await mkdir(join(root, 'usr/local/bin'), { recursive: true });
  await cp(process.execPath, join(root, 'usr/local/bin/node'));
  // npm ships next to node: <prefix>/lib/node_modules/npm for both Debian-style and tarball installs.
  const npmFolder = join(dirname(dirname(process.execPath)), 'lib/node_modules/npm');
  await cp(npmFolder, join(root, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true });
  await symlink('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm'));
  await symlink('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx'));
}

/** Streams a folder as a tar archive into `docker import`. */
export async function importFolder(
  docker: Docker,
  folder: string,
  tag: string,
  changes: readonly string[],
  { onLog, abortSignal }: { onLog?: (line: string) => void; abortSignal?: AbortSignal } = {},
): Promise<void> {
  const tar = spawn('tar', ['-C', folder, '--numeric-owner', '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [repo, version] = splitTag(tag);
  const stream = await docker.importImage(tar.stdout, { repo, tag: version, changes: [...changes], abortSignal } as Record<string, unknown>);
  await followDockerProgress(docker, stream, { what: `docker import of ${tag}`, onLog });
}

/** Splits `name:tag` (the name may hold a registry port) into its two parts. */
export function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon <= reference.lastIndexOf('/')) return [reference, 'latest'];
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}

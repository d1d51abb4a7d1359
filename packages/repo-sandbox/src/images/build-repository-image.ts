import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { SandboxCommandError } from '@swespot/core';
import { createDockerSandbox } from '../docker/create-docker-sandbox';
import { createDockerClient, isDockerNotFound, type DockerConnectionSettings } from '../docker/docker-connection';
import { SESSION_LABEL } from '../docker/docker-labels';
import { IMAGE_SPEC_LABEL } from './build-base-image';
import { hashFolder } from './hash-folder';
import { withBuildLock } from './with-build-lock';

/** Options of {@link buildRepositoryImage}. */
export interface BuildRepositoryImageOptions {
  /** The image to start from, e.g. a tag from `buildPythonBaseImage()`. */
  readonly baseImage: string;
  /** The repository snapshot folder on the host, copied to `workdir`. */
  readonly snapshotPath: string;
  /** Shell commands run in `workdir`, in order, e.g. `['pip install -e . --no-build-isolation']` or `['npm ci']`. Default: none. */
  readonly installCommands?: readonly string[];
  /** Where the repository lives in the image. Default: `/testbed`. */
  readonly workdir?: string;
  /** Image repository name. Default: `swespot/repo`; the tag is the content hash. */
  readonly repository?: string;
  /** Let install commands reach the network. Default: false. */
  readonly network?: boolean;
  /**
   * Docker network mode of the build container when `network` is true, e.g. `host` on an
   * engine without a bridge network (`dockerd --bridge=none`). Tests never get it: sessions
   * of the built image start with `--network none`. Default: `bridge`.
   */
  readonly networkMode?: string;
  /**
   * Environment of the install commands only (e.g. `PIP_INDEX_URL`): not part of the tag and
   * not committed into the image, so a credential in it never reaches the image. Default: none.
   */
  readonly commandEnv?: Readonly<Record<string, string>>;
  /** Limit of each install command in milliseconds. Default: 1 800 000 (30 min). */
  readonly commandTimeoutMs?: number;
  readonly docker?: DockerConnectionSettings;
  /** Receives each install command's output. */
  readonly onLog?: (line: string) => void;
  readonly abortSignal?: AbortSignal;
}

/**
 * Builds the image of one repository at one snapshot: the base image, the snapshot copied to
 * `workdir`, and the install commands run there, committed as a new image. The tag is a hash
 * of the base image's id, the snapshot's content and the commands, so an unchanged snapshot
 * is never built twice (SWE-bench's env-image key, one image per repo@commit as in SWE-smith).
 * Returns the tag.
 */
export async function buildRepositoryImage(options: BuildRepositoryImageOptions): Promise<string> {
  const docker = createDockerClient(options.docker);
  const workdir = posix.resolve(options.workdir ?? '/testbed');
  let baseId: string;
  try {
    baseId = (await docker.getImage(options.baseImage).inspect()).Id;
  } catch (error) {
    throw new SandboxCommandError({
      command: ['docker', 'image', 'inspect', options.baseImage],
      message: `baseImage: ${options.baseImage} is ${isDockerNotFound(error) ? 'not on the engine; build it with buildPythonBaseImage() or buildNodeBaseImage()' : `unreadable (${(error as Error).message})`}.`,
      cause: error,
    });
  }
  const snapshotHash = await hashFolder(options.snapshotPath, { abortSignal: options.abortSignal });
  const key = createHash('sha256')
    .update(JSON.stringify({ builder: 'swespot-repository-image/1', baseId, snapshotHash, installCommands: options.installCommands ?? [], workdir }))
    .digest('hex')
    .slice(0, 24);
  const tag = `${options.repository ?? 'swespot/repo'}:${key}`;
  const exists = async () =>
    docker
      .getImage(tag)
      .inspect()
      .then(() => true, (error: unknown) => (isDockerNotFound(error) ? false : Promise.reject(error)));
  if (await exists()) return tag;

  return withBuildLock(tag, async () => {
    if (await exists()) return tag;
    const provider = createDockerSandbox({ docker: options.docker, workdir, defaultLimits: {}, reapOrphans: false, networkMode: options.networkMode });
    const session = await provider.createSession({
      image: options.baseImage,
      workspace: { hostPath: options.snapshotPath },
      network: options.network ?? false,
      abortSignal: options.abortSignal,
    });
    try {
      for (const command of options.installCommands ?? []) {
        const result = await session.exec({
          command,
          env: options.commandEnv,
          timeoutMs: options.commandTimeoutMs ?? 1_800_000,
          abortSignal: options.abortSignal,
          maxOutputBytes: 256 * 1024,
        });
        if (options.onLog) for (const line of `${result.stdout}${result.stderr}`.split('\n')) if (line.trim()) options.onLog(line);
        if (result.exitCode !== 0) {
          throw new SandboxCommandError({
            command,
            exitCode: result.exitCode ?? undefined,
            stdout: result.stdout.slice(-4000),
            stderr: result.stderr.slice(-4000),
            timedOut: result.timedOut,
            message: `installCommands: '${command}' ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`} while building ${tag}:\n${result.stderr.slice(-2000) || result.stdout.slice(-2000)}`,
          });
        }
      }
      const [info] = await docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${session.id}`] } });
      if (!info) throw new SandboxCommandError({ command: ['docker', 'commit'], message: `The build container of ${tag} disappeared before it could be committed.` });
      const colon = tag.lastIndexOf(':');
      // The build container's entrypoint (`tail -f /dev/null`) would stay in the image; `env` runs
      // whatever `docker run IMAGE CMD...` asks, as an image without an entrypoint would.
      await docker.getContainer(info.Id).commit({
        repo: tag.slice(0, colon),
        tag: tag.slice(colon + 1),
        changes: [`WORKDIR ${workdir}`, 'ENTRYPOINT ["/usr/bin/env"]', 'CMD ["bash"]', `LABEL ${IMAGE_SPEC_LABEL}=${key}`],
        pause: true,
      } as Record<string, unknown>);
      return tag;
    } finally {
      await session.destroy();
    }
  });
}

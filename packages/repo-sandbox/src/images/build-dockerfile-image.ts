import { createReadStream } from 'node:fs';
import { InvalidArgumentError } from '@swespot/core';
import tarFs from 'tar-fs';
import { createDockerClient, type DockerConnectionSettings } from '../docker/docker-connection';
import { followDockerProgress } from './follow-docker-progress';
import { importFolder, splitTag } from './build-base-image';

/** Options of {@link buildDockerfileImage}. */
export interface BuildDockerfileImageOptions {
  /** The build context: a host folder (packed as a tar stream) or a ready tar stream. */
  readonly context: string | NodeJS.ReadableStream;
  /** The Dockerfile's path inside the context. Default: `Dockerfile`. */
  readonly dockerfile?: string;
  /** The tag to give the image, e.g. `swespot/astropy:5.3`. */
  readonly tag: string;
  /** Build arguments. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Network mode of RUN steps. Default: `none`. */
  readonly networkMode?: string;
  readonly docker?: DockerConnectionSettings;
  readonly onLog?: (line: string) => void;
  readonly abortSignal?: AbortSignal;
}

/**
 * Builds an image from a Dockerfile and a tar context on the engine, and returns its tag.
 * RUN steps get no network unless `networkMode` says otherwise; a failing step rejects with
 * the end of the build log.
 */
export async function buildDockerfileImage(options: BuildDockerfileImageOptions): Promise<string> {
  if (!options.tag) throw new InvalidArgumentError({ argument: 'tag', message: 'tag: give the image a name, e.g. swespot/astropy:5.3.' });
  const docker = createDockerClient(options.docker);
  const context = typeof options.context === 'string' ? tarFs.pack(options.context) : options.context;
  const stream = await docker.buildImage(context as NodeJS.ReadableStream, {
    t: options.tag,
    dockerfile: options.dockerfile ?? 'Dockerfile',
    buildargs: options.buildArgs ? { ...options.buildArgs } : undefined,
    networkmode: options.networkMode ?? 'none',
    rm: true,
    forcerm: true,
    abortSignal: options.abortSignal,
  } as Record<string, unknown>);
  await followDockerProgress(docker, stream, { what: `docker build of ${options.tag}`, onLog: options.onLog });
  return options.tag;
}

/** Options of {@link importRootFilesystem}. */
export interface ImportRootFilesystemOptions {
  /** A host folder holding a root filesystem (e.g. made by debootstrap). Set this or `tarballPath`. */
  readonly rootFolder?: string;
  /** A tar archive of a root filesystem (uncompressed, gzip or xz, as `docker import` takes). Set this or `rootFolder`. */
  readonly tarballPath?: string;
  /** The tag to give the image. */
  readonly tag: string;
  /** Dockerfile instructions applied on import, e.g. `['ENV LANG=C.UTF-8', 'CMD ["bash"]']`. Default: `CMD ["bash"]`. */
  readonly changes?: readonly string[];
  readonly docker?: DockerConnectionSettings;
  readonly onLog?: (line: string) => void;
  readonly abortSignal?: AbortSignal;
}

/** Imports a root filesystem (a folder or a tarball) as an image, like `docker import`, and returns its tag. */
export async function importRootFilesystem(options: ImportRootFilesystemOptions): Promise<string> {
  const docker = createDockerClient(options.docker);
  const changes = options.changes ?? ['CMD ["bash"]'];
  if (options.rootFolder !== undefined && options.tarballPath === undefined) {
    await importFolder(docker, options.rootFolder, options.tag, changes, options);
    return options.tag;
  }
  if (options.tarballPath === undefined || options.rootFolder !== undefined) {
    throw new InvalidArgumentError({ argument: 'rootFolder', message: 'rootFolder, tarballPath: set exactly one of them.' });
  }
  const [repo, version] = splitTag(options.tag);
  const stream = await docker.importImage(createReadStream(options.tarballPath), {
    repo,
    tag: version,
    changes: [...changes],
    abortSignal: options.abortSignal,
  } as Record<string, unknown>);
  await followDockerProgress(docker, stream, { what: `docker import of ${options.tarballPath}`, onLog: options.onLog });
  return options.tag;
}

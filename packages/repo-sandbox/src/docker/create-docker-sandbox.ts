import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import type { SandboxCapabilitiesV1, SandboxLimitsV1, SandboxProviderV1 } from '@swespot/core';
import { InvalidArgumentError, SandboxCommandError, SwespotError } from '@swespot/core';
import type Docker from 'dockerode';
import tarFs from 'tar-fs';
import { assembleSession } from '../sandbox-shared/assemble-session';
import { prepareWorkspace } from '../sandbox-shared/prepare-workspace';
import { currentProcessOwner } from '../sandbox-shared/process-owner';
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_SANDBOX_WORKDIR } from '../sandbox-shared/sandbox-defaults';
import { createDockerClient, describeDockerEngine, isDockerNotFound, type DockerConnectionSettings } from './docker-connection';
import { dockerExec, EXEC_STATE_FOLDER } from './docker-exec';
import { getFile, listContainerFiles, putFile, runQuiet } from './docker-files';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL, SESSION_LABEL } from './docker-labels';
import { reapDockerSandboxes } from './reap-docker-sandboxes';

/** Settings of {@link createDockerSandbox}. */
export interface DockerSandboxSettings {
  /** The engine. Default: `DOCKER_HOST`, then `/var/run/docker.sock`. Any engine dockerode reaches works (socket, TCP with TLS, SSH). */
  readonly docker?: DockerConnectionSettings;
  /**
   * A pool of engines instead of one (`docker`): each session goes to the engine with the
   * fewest sessions of this provider open (the first listed on a tie) that has the image;
   * an engine that lacks the image or does not answer is passed over. Orphans are reaped on
   * each engine before its first session. Default: the one engine of `docker`.
   */
  readonly engines?: readonly DockerConnectionSettings[];
  /**
   * In a pool, copy an image to the engines that lack it from one that has it (the engines'
   * `images/get` and `images/load`, as `docker save | docker -H OTHER load`, no registry), in
   * the background: an engine takes sessions of the image once its copy has loaded, until
   * then the others do. Once per engine and image; a failed copy is not retried and is named
   * when no engine can take a session. A process that started a copy exits once it has loaded.
   * Default: false (load images into each engine yourself).
   */
  readonly shareImages?: boolean;
  /** Image used when a session names none, e.g. a tag from `buildPythonBaseImage`. Default: none (sessions must name one). */
  readonly defaultImage?: string;
  /** Where the workspace is copied (or mounted) in the container. Default: `/testbed`. */
  readonly workdir?: string;
  /** Limits applied where a session sets none. Default: `{ memoryMb: 4096, cpus: 2, pids: 1024 }`. */
  readonly defaultLimits?: SandboxLimitsV1;
  /** Default wall-clock limit of a command in milliseconds. Default: 60 000. */
  readonly defaultTimeoutMs?: number;
  /** Environment of every command, under the session's. Default: `LANG=C.UTF-8`. */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Remove containers left by dead swespot processes before the first session. Default: true. */
  readonly reapOrphans?: boolean;
  /**
   * Docker network mode of sessions created with `network: true`, e.g. `host` on an engine
   * started with `--bridge=none`. Sessions without network always get `none`. Default: `bridge`.
   */
  readonly networkMode?: string;
}

/** What the Docker backend guarantees. */
export const DOCKER_SANDBOX_CAPABILITIES: SandboxCapabilitiesV1 = Object.freeze({
  networkIsolation: true,
  filesystemIsolation: true,
  resourceLimits: true,
  processTreeKill: true,
  containerImages: true,
});

const DEFAULT_LIMITS: SandboxLimitsV1 = { memoryMb: 4096, cpus: 2, pids: 1024 };

/** One engine of the pool: its client (made on first use), its reaping, and the sessions open on it. */
interface DockerEngine {
  readonly settings: DockerConnectionSettings | undefined;
  readonly index: number;
  readonly name: string;
  client: Docker | undefined;
  reaped: Promise<unknown> | undefined;
  active: number;
}

/**
 * A sandbox provider over a Docker engine (dockerode). A session is one container from an
 * image, started with `--network none`, memory, CPU and pids limits, `--init`, and
 * `no-new-privileges`; the workspace is copied in as a tar stream (or bind-mounted with
 * `mode: 'bind'` on a local engine). Containers carry labels with the session id and the
 * owning process, `destroy` always removes the container, and containers of processes that
 * died are reaped.
 *
 * @example
 * ```ts
 * const provider = createDockerSandbox({ defaultImage: await buildPythonBaseImage() });
 * const session = await provider.createSession({ workspace: { hostPath: repo } });
 * try { await session.exec({ command: 'python3 -m pytest -rA' }); } finally { await session.destroy(); }
 * ```
 */
export function createDockerSandbox(settings: DockerSandboxSettings = {}): SandboxProviderV1 {
  const workdir = posix.resolve(settings.workdir ?? DEFAULT_SANDBOX_WORKDIR);
  const defaultTimeoutMs = settings.defaultTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  if (settings.engines !== undefined && settings.docker !== undefined) {
    throw new InvalidArgumentError({ argument: 'engines', message: 'engines: give either docker (one engine) or engines (a pool), not both.' });
  }
  if (settings.engines !== undefined && settings.engines.length === 0) {
    throw new InvalidArgumentError({ argument: 'engines', message: 'engines: the pool is empty; list at least one engine, e.g. [{ host: "tcp://build-box:2376", tls: { directory: "~/.docker/build-box" } }].' });
  }
  const engines: DockerEngine[] = (settings.engines ?? [settings.docker]).map((engine, index) => ({
    settings: engine,
    index,
    name: describeDockerEngine(engine),
    client: undefined,
    reaped: undefined,
    active: 0,
  }));
  const clientOf = (engine: DockerEngine) => (engine.client ??= createDockerClient(engine.settings));

  /** Image copies between engines of the pool, by engine index and image: running, done or failed. */
  const copies = new Map<string, { done: boolean; error?: unknown }>();
  const copyKey = (engine: DockerEngine, image: string) => `${engine.index}\n${image}`;

  /** Starts copying `image` from `source` to `target` in the background (once per target and image). */
  const startCopy = (source: DockerEngine, target: DockerEngine, image: string) => {
    const state: { done: boolean; error?: unknown } = { done: false };
    copies.set(copyKey(target, image), state);
    void (async () => {
      const archive = await clientOf(source).getImage(image).get();
      const loading = await clientOf(target).loadImage(archive, { quiet: true });
      await new Promise<void>((resolve, reject) => {
        clientOf(target).modem.followProgress(loading, (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
          const failed = events?.find((event) => event.error !== undefined);
          if (error) reject(error);
          else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
          else resolve();
        });
      });
      await clientOf(target).getImage(image).inspect();
    })().then(
      () => (state.done = true),
      (error: unknown) => (state.error = error),
    );
  };

  /**
   * Picks the least busy engine that has the image and counts the session on it at once (before
   * any await), so sessions started together spread over the pool.
   */
  const acquireEngine = async (image: string): Promise<DockerEngine> => {
    const order = [...engines].sort((a, b) => a.active - b.active || a.index - b.index);
    const problems: { engine: DockerEngine; error: unknown }[] = [];
    let chosen: DockerEngine | undefined;
    for (const engine of order) {
      const copy = copies.get(copyKey(engine, image));
      if (copy !== undefined && !copy.done) {
        problems.push({ engine, error: copy.error ?? new Error('the image is being copied here') });
        continue;
      }
      engine.active += 1;
      try {
        if (settings.reapOrphans !== false) {
          engine.reaped ??= reapDockerSandboxes({ docker: engine.settings }).catch(() => undefined);
          await engine.reaped;
        }
        await clientOf(engine).getImage(image).inspect();
        chosen = engine;
        break;
      } catch (error) {
        engine.active -= 1;
        problems.push({ engine, error });
      }
    }
    if (chosen !== undefined) {
      if (settings.shareImages === true) {
        // Engines found without the image (before the chosen one, in load order) get a copy from it.
        for (const { engine, error } of problems) if (isDockerNotFound(error) && !copies.has(copyKey(engine, image))) startCopy(chosen, engine, image);
      }
      return chosen;
    }
    if (engines.length === 1) {
      const error = problems[0]!.error;
      throw new InvalidArgumentError({
        argument: 'image',
        message: isDockerNotFound(error)
          ? `image: ${image} is not on the Docker engine; build a repository's image with \`swespot env build <repo> --cutoff DATE --out build.json\` (the tag is images.repository in build.json), or fetch this one with \`docker pull ${image}\` or \`docker load\`.`
          : `image: cannot reach the Docker engine${engines[0]!.settings === undefined ? '' : ` ${engines[0]!.name}`} to inspect ${image} (${(error as Error).message.trim()}); check that Docker runs${engines[0]!.settings === undefined ? ' and DOCKER_HOST' : ' there and the address, TLS files or SSH key'}.`,
        cause: error,
      });
    }
    const reasons = problems.map(({ engine, error }) => {
      const copy = copies.get(copyKey(engine, image));
      if (copy?.error !== undefined) return `${engine.name}: copying the image there failed (${(copy.error as Error).message.trim()})`;
      return `${engine.name}: ${isDockerNotFound(error) ? 'no such image' : `cannot reach it (${(error as Error).message.trim()})`}`;
    });
    throw new InvalidArgumentError({
      argument: 'image',
      message: `image: no engine of the pool can run ${image} (${reasons.join('; ')}); load the image into each engine (docker save | docker -H HOST load) and check that they run.`,
      cause: problems[0]?.error,
    });
  };

  return {
    specificationVersion: 'v1',
    provider: 'docker',
    capabilities: DOCKER_SANDBOX_CAPABILITIES,
    async createSession(options = {}) {
      const image = options.image ?? settings.defaultImage;
      if (image === undefined) {
        throw new InvalidArgumentError({
          argument: 'image',
          message: 'image: the docker sandbox needs an image; pass createSession({ image }) or createDockerSandbox({ defaultImage }), e.g. a tag from buildPythonBaseImage().',
        });
      }
      const engine = await acquireEngine(image);
      let released = false;
      const leaveEngine = () => {
        if (!released) engine.active -= 1;
        released = true;
      };
      try {
        return await startSession(clientOf(engine), image, options, leaveEngine);
      } catch (error) {
        leaveEngine();
        throw error;
      }
    },
  };

  async function startSession(docker: Docker, image: string, options: Parameters<SandboxProviderV1['createSession']>[0] & object, leaveEngine: () => void) {
      const limits = { ...(settings.defaultLimits ?? DEFAULT_LIMITS), ...options.limits };
      const id = randomUUID();
      const owner = currentProcessOwner();
      const bind = options.workspace?.mode === 'bind';
      const workspace = bind ? await prepareWorkspace(options.workspace, { prefix: 'swespot-docker-' }) : undefined;
      const env = { LANG: 'C.UTF-8', ...settings.baseEnv, ...options.env };

      const container = await docker.createContainer({
        Image: image,
        Entrypoint: ['tail', '-f', '/dev/null'],
        Cmd: [],
        WorkingDir: workdir,
        Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
        Labels: {
          ...options.labels,
          [SESSION_LABEL]: id,
          [OWNER_HOST_LABEL]: owner.host,
          [OWNER_PID_LABEL]: String(owner.pid),
          [OWNER_START_LABEL]: owner.startTime,
        },
        HostConfig: {
          NetworkMode: options.network ? (settings.networkMode ?? 'bridge') : 'none',
          Init: true,
          SecurityOpt: ['no-new-privileges'],
          ...(limits.memoryMb === undefined
            ? {}
            : { Memory: Math.round(limits.memoryMb * 1024 * 1024), MemorySwap: Math.round(limits.memoryMb * 1024 * 1024) }),
          ...(limits.cpus === undefined ? {} : { NanoCpus: Math.round(limits.cpus * 1e9) }),
          ...(limits.pids === undefined ? {} : { PidsLimit: limits.pids }),
          ...(workspace ? { Binds: [`${workspace.hostPath}:${workdir}`] } : {}),
        },
        abortSignal: options.abortSignal,
      } as Docker.ContainerCreateOptions);

      const remove = async () => {
        try {
          await container.remove({ force: true, v: true });
        } catch (error) {
          if (!isDockerNotFound(error) && !/already in progress/.test(String((error as Error).message))) throw error;
        }
      };
      try {
        if (options.workspace && !bind) {
          const source = await prepareWorkspace({ hostPath: options.workspace.hostPath, mode: 'bind' }, { prefix: 'swespot-docker-' });
          const top = workdir.slice(1);
          const archive = tarFs.pack(source.hostPath, {
            map: (header) => {
              header.name = header.name === '.' || header.name === '' ? top : posix.join(top, header.name);
              return header;
            },
          });
          await container.putArchive(archive, { path: '/' });
        }
        await container.start();
        const prepared = await runQuiet(container, ['mkdir', '-p', workdir, EXEC_STATE_FOLDER]);
        if (prepared.exitCode !== 0) {
          throw new SandboxCommandError({
            command: ['mkdir', '-p', workdir, EXEC_STATE_FOLDER],
            exitCode: prepared.exitCode ?? undefined,
            stderr: prepared.stderr,
            message: `image: cannot prepare ${workdir} in a container of ${image} (${prepared.stderr.trim()}); the image needs sh, mkdir and tail.`,
          });
        }
      } catch (error) {
        await remove();
        throw error;
      }

      const resolvePath = (path: string) => posix.resolve(workdir, path);
      return assembleSession({
        id,
        provider: 'docker',
        workdir,
        capabilities: DOCKER_SANDBOX_CAPABILITIES,
        exec: (exec) =>
          dockerExec(
            {
              container,
              workdir,
              env,
              defaultTimeoutMs,
              restart: async () => {
                await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
                await container.wait({ condition: 'not-running' }).catch(() => undefined);
                await container.start();
              },
            },
            exec,
          ),
        readFile: (path) => getFile(container, resolvePath(path)),
        writeFile: (path, content) => putFile(container, resolvePath(path), content),
        listFiles: (path, listOptions) => listContainerFiles(container, resolvePath(path), listOptions?.recursive ?? false),
        release: async () => {
          try {
            await remove();
          } catch (error) {
            throw new SwespotError({ message: `Could not remove sandbox container ${container.id}: ${(error as Error).message}`, cause: error });
          } finally {
            leaveEngine();
          }
        },
      });
  }
}

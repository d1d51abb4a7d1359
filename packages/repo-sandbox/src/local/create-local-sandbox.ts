import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { SandboxCapabilitiesV1, SandboxProviderV1 } from '@swespot/core';
import { InvalidArgumentError, UnsupportedCapabilityError } from '@swespot/core';
import { assembleSession } from '../sandbox-shared/assemble-session';
import { commandArgv } from '../sandbox-shared/command-argv';
import { ownedFolderPrefix, reapHostSandboxFolders } from '../sandbox-shared/host-folder-owner';
import { createHostFiles } from '../sandbox-shared/host-files';
import { prepareWorkspace } from '../sandbox-shared/prepare-workspace';
import { runHostProcess } from '../sandbox-shared/run-host-process';
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from '../sandbox-shared/sandbox-defaults';

/** Settings of {@link createLocalSandbox}. */
export interface LocalSandboxSettings {
  /**
   * Must be `true`: the local backend isolates nothing, so commands run as you, with your
   * network and your files. Use it for trusted commands or where no sandbox is available.
   */
  readonly unsafe: true;
  /** Parent folder of workspace copies. Default: the OS temporary folder. */
  readonly temporaryFolder?: string;
  /** Environment every command starts from. Default: `process.env` at session creation. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Default wall-clock limit of a command in milliseconds. Default: 60 000. */
  readonly defaultTimeoutMs?: number;
}

/** What the local backend guarantees: only that a timeout kills the whole process tree. */
export const LOCAL_SANDBOX_CAPABILITIES: SandboxCapabilitiesV1 = Object.freeze({
  networkIsolation: false,
  filesystemIsolation: false,
  resourceLimits: false,
  processTreeKill: true,
  containerImages: false,
});

/**
 * A sandbox provider with no isolation: commands run on this machine in a copy of the
 * workspace (or in the folder itself with `mode: 'bind'`). It keeps the exec contract
 * (timeouts that kill the process tree, capped output, abort) and nothing else, so it
 * demands `unsafe: true`.
 *
 * @example
 * ```ts
 * const provider = createLocalSandbox({ unsafe: true });
 * const session = await provider.createSession({ workspace: { hostPath: '.' } });
 * try { console.log((await session.exec({ command: 'ls' })).stdout); } finally { await session.destroy(); }
 * ```
 */
export function createLocalSandbox(settings: LocalSandboxSettings): SandboxProviderV1 {
  if ((settings as { unsafe?: unknown } | undefined)?.unsafe !== true) {
    throw new InvalidArgumentError({
      argument: 'unsafe',
      message:
        'unsafe: the local sandbox runs commands on this machine without any isolation; pass { unsafe: true } to accept that, or use @swespot/repo-sandbox/bubblewrap or /docker.',
    });
  }
  const defaultTimeoutMs = settings.defaultTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  let reaped: Promise<unknown> | undefined;
  return {
    specificationVersion: 'v1',
    provider: 'local',
    capabilities: LOCAL_SANDBOX_CAPABILITIES,
    async createSession(options = {}) {
      if (options.limits && Object.values(options.limits).some((value) => value !== undefined)) {
        throw new UnsupportedCapabilityError({
          capability: 'resourceLimits',
          provider: 'local',
          message: "limits: the 'local' sandbox cannot enforce memory, CPU or process limits; use the bubblewrap or docker sandbox.",
        });
      }
      if (options.image !== undefined) {
        throw new UnsupportedCapabilityError({
          capability: 'containerImages',
          provider: 'local',
          message: `image: the 'local' sandbox runs on this machine and cannot use the image ${options.image}; use the docker sandbox.`,
        });
      }
      // Folders of sessions whose process was killed; once per provider.
      reaped ??= reapHostSandboxFolders({ temporaryFolder: settings.temporaryFolder }).catch(() => []);
      await reaped;
      const id = randomUUID();
      const workspace = await prepareWorkspace(options.workspace, { parentFolder: settings.temporaryFolder, prefix: ownedFolderPrefix('swespot-local', id) });
      const workdir = workspace.hostPath;
      const baseEnv = Object.fromEntries(
        Object.entries(settings.baseEnv ?? process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const files = createHostFiles({ workdir, provider: 'local', mounts: [{ sandboxPath: '/', hostPath: '/', writable: true }] });
      return assembleSession({
        id,
        provider: 'local',
        workdir,
        capabilities: LOCAL_SANDBOX_CAPABILITIES,
        exec: (exec) =>
          runHostProcess({
            argv: commandArgv(exec.command),
            cwd: exec.cwd === undefined ? workdir : (exec.cwd.startsWith('/') ? exec.cwd : `${workdir}/${exec.cwd}`),
            env: { ...baseEnv, ...options.env, ...exec.env },
            stdin: exec.stdin,
            timeoutMs: exec.timeoutMs ?? defaultTimeoutMs,
            maxOutputBytes: exec.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
            abortSignal: exec.abortSignal,
          }),
        readFile: (path) => files.readFile(path),
        writeFile: (path, content) => files.writeFile(path, content),
        listFiles: (path, listOptions) => files.listFiles(path, listOptions),
        release: async () => {
          if (workspace.owned) await rm(workspace.hostPath, { recursive: true, force: true });
        },
      });
    },
  };
}

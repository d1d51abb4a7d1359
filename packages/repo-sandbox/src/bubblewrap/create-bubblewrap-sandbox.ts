import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chown, lstat, mkdtemp, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import type { SandboxCapabilitiesV1, SandboxExecResultV1, SandboxLimitsV1, SandboxProviderV1 } from '@swespot/core';
import { InvalidArgumentError, SandboxCommandError, UnsupportedCapabilityError } from '@swespot/core';
import { assembleSession } from '../sandbox-shared/assemble-session';
import { commandArgv } from '../sandbox-shared/command-argv';
import { ownedFolderPrefix, reapHostSandboxFolders } from '../sandbox-shared/host-folder-owner';
import { findHostProgram } from '../sandbox-shared/find-host-program';
import { createHostFiles } from '../sandbox-shared/host-files';
import { prepareWorkspace } from '../sandbox-shared/prepare-workspace';
import { runHostProcess } from '../sandbox-shared/run-host-process';
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_SANDBOX_WORKDIR } from '../sandbox-shared/sandbox-defaults';

const execFileAsync = promisify(execFile);

/** Settings of {@link createBubblewrapSandbox}. */
export interface BubblewrapSandboxSettings {
  /** The bwrap program. Default: `bwrap` on PATH. */
  readonly bwrapPath?: string;
  /** Where the workspace appears inside the sandbox. Default: `/testbed`. */
  readonly workdir?: string;
  /** Parent folder of workspace copies and session temporary folders. Default: the OS temporary folder. */
  readonly temporaryFolder?: string;
  /**
   * Host folders hidden behind an empty tmpfs, on top of the read-only host root.
   * Default: `['/run', '/var/run']` (so no daemon socket, e.g. Docker's, is reachable).
   */
  readonly hiddenPaths?: readonly string[];
  /**
   * The user commands run as when swespot itself runs as root. Root ignores the process-count
   * limit (RLIMIT_NPROC), so the sandbox drops to this user and gives it the workspace copy.
   * Default: `{ uid: 65534, gid: 65534 }` (nobody).
   */
  readonly unprivilegedUser?: { readonly uid: number; readonly gid: number };
  /** Limits applied when a session asks for none. Default: `{ pids: 4096 }`. */
  readonly defaultLimits?: SandboxLimitsV1;
  /** Environment every command starts from (the host's is not passed in). Default: PATH (see `path`), HOME=/tmp, LANG=C.UTF-8. */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /**
   * The PATH of the default `baseEnv`. Default: this process's PATH. Folders the sandbox's user
   * cannot enter (as root it runs as `nobody`, so e.g. `/root/.pyenv/shims`) are skipped by the
   * program lookup inside, so `python3` may be a different interpreter than on the host.
   */
  readonly path?: string;
  /** Default wall-clock limit of a command in milliseconds. Default: 60 000. */
  readonly defaultTimeoutMs?: number;
}

/** What the bubblewrap backend guarantees. Its limits are rlimits (see the README), not cgroups. */
export const BUBBLEWRAP_SANDBOX_CAPABILITIES: SandboxCapabilitiesV1 = Object.freeze({
  networkIsolation: true,
  filesystemIsolation: true,
  resourceLimits: true,
  processTreeKill: true,
  containerImages: false,
});

/** The bwrap arguments that mount the host root read-only, one top-level entry at a time. */
async function rootMountArguments(workdirTop: string, hidden: readonly string[]): Promise<string[]> {
  const special = new Set(['proc', 'dev', 'tmp', workdirTop]);
  const args: string[] = [];
  for (const name of (await readdir('/')).sort()) {
    if (special.has(name)) continue;
    const path = `/${name}`;
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) args.push('--symlink', await readlink(path), path);
    else if (stats.isDirectory()) args.push('--ro-bind', path, path);
  }
  for (const path of hidden) {
    const resolved = posix.resolve(path);
    try {
      if ((await lstat(resolved)).isDirectory()) args.push('--tmpfs', resolved);
    } catch {
      // Nothing to hide.
    }
  }
  return args;
}

/**
 * bwrap reports a program it cannot start as `bwrap: execvp NAME: REASON` with exit code 1;
 * a missing program on a PATH holding a folder the sandbox's user cannot enter (root's
 * `~/.pyenv/shims` for `nobody`) even reads `Permission denied`. This says it as shells do:
 * exit 127 (126 for a named file that cannot run) and what was searched.
 */
function explainStartFailure(result: SandboxExecResultV1, program: string | undefined, path: string | undefined, owner: { uid: number } | undefined): SandboxExecResultV1 {
  const match = /^bwrap: execvp (.*): ([^\n]+)\n?$/.exec(result.stderr);
  if (result.exitCode !== 1 || !match || program === undefined || match[1] !== program) return result;
  const user = owner === undefined ? 'the sandbox\'s user' : `the sandbox's user (uid ${owner.uid})`;
  if (program.includes('/')) {
    const missing = match[2] === 'No such file or directory';
    return { ...result, exitCode: missing ? 127 : 126, stderr: `swespot: ${program}: ${missing ? 'no such file in the sandbox' : `${user} cannot run it`} (bwrap: execvp: ${match[2]})\n` };
  }
  return {
    ...result,
    exitCode: 127,
    stderr: `swespot: ${program}: command not found in the sandbox; searched PATH=${path ?? ''} as ${user}, skipping folders it cannot enter (bwrap: execvp: ${match[2]})\n`,
  };
}

/**
 * A sandbox provider over bubblewrap (`bwrap`): each command runs in fresh namespaces with
 * the host root read-only, the workspace read-write at `workdir`, a private `/tmp` kept for
 * the session, no network (`--unshare-net`), its own pid namespace (so a timeout kills every
 * process it started) and `--die-with-parent`. Limits go through `prlimit` (process count,
 * address space) and `taskset` (CPUs). Starting a command costs milliseconds, not the
 * hundreds of a container.
 *
 * @example
 * ```ts
 * const provider = createBubblewrapSandbox();
 * const session = await provider.createSession({ workspace: { hostPath: repo }, limits: { pids: 256 } });
 * try { await session.exec({ command: 'python3 -m pytest -rA', timeoutMs: 600_000 }); } finally { await session.destroy(); }
 * ```
 */
export function createBubblewrapSandbox(settings: BubblewrapSandboxSettings = {}): SandboxProviderV1 {
  const bwrap = settings.bwrapPath ?? 'bwrap';
  const workdir = posix.resolve(settings.workdir ?? DEFAULT_SANDBOX_WORKDIR);
  const workdirTop = workdir.split('/')[1];
  if (!workdirTop) {
    throw new InvalidArgumentError({ argument: 'workdir', message: `workdir: ${workdir} cannot be the root; use e.g. /testbed.` });
  }
  const defaultTimeoutMs = settings.defaultTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const hidden = settings.hiddenPaths ?? ['/run', '/var/run'];
  let rootArguments: Promise<string[]> | undefined;
  let bwrapChecked: Promise<void> | undefined;
  // Absolute paths of the host helpers, so the command's own PATH need not hold them.
  let hostPrograms: Promise<{ bwrap: string; setpriv: string; prlimit: string; taskset: string }> | undefined;

  let reaped: Promise<unknown> | undefined;
  return {
    specificationVersion: 'v1',
    provider: 'bubblewrap',
    capabilities: BUBBLEWRAP_SANDBOX_CAPABILITIES,
    async createSession(options = {}) {
      if (options.image !== undefined) {
        throw new UnsupportedCapabilityError({
          capability: 'containerImages',
          provider: 'bubblewrap',
          message: `image: the bubblewrap sandbox uses the host's root and cannot run the image ${options.image}; use the docker sandbox.`,
        });
      }
      // Folders of sessions whose process was killed; once per provider.
      reaped ??= reapHostSandboxFolders({ temporaryFolder: settings.temporaryFolder }).catch(() => []);
      await reaped;
      rootArguments ??= rootMountArguments(workdirTop, hidden);
      const mounts = await rootArguments;
      try {
        bwrapChecked ??= execFileAsync(bwrap, ['--version']).then(() => undefined);
        await bwrapChecked;
      } catch (error) {
        bwrapChecked = undefined;
        throw new SandboxCommandError({
          command: [bwrap, '--version'],
          message: `bwrap: cannot run '${bwrap}' (${(error as Error).message}). Install bubblewrap (apt-get install bubblewrap) or set bwrapPath.`,
          cause: error,
        });
      }
      hostPrograms ??= Promise.all([bwrap, 'setpriv', 'prlimit', 'taskset'].map((name) => findHostProgram(name))).then(([bwrapFound, setpriv, prlimit, taskset]) => ({
        bwrap: bwrapFound!,
        setpriv: setpriv!,
        prlimit: prlimit!,
        taskset: taskset!,
      }));
      const programs = await hostPrograms;
      const limits = { ...(settings.defaultLimits ?? { pids: 4096 }), ...options.limits };
      const isRoot = process.getuid?.() === 0;
      const id = randomUUID();
      const workspace = await prepareWorkspace(options.workspace, { parentFolder: settings.temporaryFolder, prefix: ownedFolderPrefix('swespot-bwrap', id) });
      const sessionTmp = await mkdtemp(join(settings.temporaryFolder ?? tmpdir(), ownedFolderPrefix('swespot-bwrap-tmp', id)));
      const release = async () => {
        await rm(sessionTmp, { recursive: true, force: true });
        if (workspace.owned) await rm(workspace.hostPath, { recursive: true, force: true });
      };
      let owner: { uid: number; gid: number } | undefined;
      try {
        if (isRoot) {
          if (workspace.owned) {
            owner = settings.unprivilegedUser ?? { uid: 65534, gid: 65534 };
            await execFileAsync('chown', ['-R', '-h', `${owner.uid}:${owner.gid}`, workspace.hostPath]);
          } else {
            const folder = await stat(workspace.hostPath);
            if (folder.uid !== 0) owner = { uid: folder.uid, gid: folder.gid };
            else if (limits.pids !== undefined) {
              throw new UnsupportedCapabilityError({
                capability: 'resourceLimits',
                provider: 'bubblewrap',
                message:
                  'limits.pids: running as root with a root-owned bind-mounted workspace, bubblewrap cannot enforce a process limit (root ignores RLIMIT_NPROC). Use workspace mode copy, a folder owned by another user, or set limits.pids to undefined in defaultLimits.',
              });
            }
          }
          if (owner) await chown(sessionTmp, owner.uid, owner.gid);
        }
      } catch (error) {
        await release();
        throw error;
      }

      const baseEnv = settings.baseEnv ?? { PATH: settings.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' };
      const files = createHostFiles({
        workdir,
        provider: 'bubblewrap',
        owner,
        mounts: [
          { sandboxPath: workdir, hostPath: workspace.hostPath, writable: true },
          { sandboxPath: '/tmp', hostPath: sessionTmp, writable: true },
          { sandboxPath: '/', hostPath: '/', writable: false },
        ],
      });

      const prefix: string[] = [];
      if (owner) prefix.push(programs.setpriv, `--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups');
      const rlimits: string[] = [];
      if (limits.pids !== undefined) rlimits.push(`--nproc=${limits.pids}`);
      if (limits.memoryMb !== undefined) rlimits.push(`--as=${Math.round(limits.memoryMb * 1024 * 1024)}`);
      if (rlimits.length > 0) prefix.push(programs.prlimit, ...rlimits, '--');
      if (limits.cpus !== undefined) prefix.push(programs.taskset, '-c', `0-${Math.max(0, Math.ceil(limits.cpus) - 1)}`);

      return assembleSession({
        id,
        provider: 'bubblewrap',
        workdir,
        capabilities: BUBBLEWRAP_SANDBOX_CAPABILITIES,
        exec: async (exec) => {
          const cwd = posix.resolve(workdir, exec.cwd ?? '.');
          const env: Record<string, string> = { ...baseEnv, ...options.env, ...exec.env };
          const command = commandArgv(exec.command);
          const argv = [
            ...prefix,
            programs.bwrap,
            '--unshare-user',
            '--unshare-pid',
            '--unshare-ipc',
            '--unshare-uts',
            '--unshare-cgroup-try',
            ...(options.network ? ['--share-net'] : ['--unshare-net']),
            '--die-with-parent',
            '--new-session',
            '--hostname',
            'swespot',
            ...mounts,
            '--proc',
            '/proc',
            '--dev',
            '/dev',
            '--bind',
            sessionTmp,
            '/tmp',
            '--bind',
            workspace.hostPath,
            workdir,
            '--chdir',
            cwd,
            '--',
            ...command,
          ];
          const result = await runHostProcess({
            argv,
            cwd: '/',
            env,
            stdin: exec.stdin,
            timeoutMs: exec.timeoutMs ?? defaultTimeoutMs,
            maxOutputBytes: exec.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
            abortSignal: exec.abortSignal,
          });
          return explainStartFailure(result, command[0], env.PATH, owner);
        },
        readFile: (path) => files.readFile(path),
        writeFile: (path, content) => files.writeFile(path, content),
        listFiles: (path, listOptions) => files.listFiles(path, listOptions),
        release,
      });
    },
  };
}

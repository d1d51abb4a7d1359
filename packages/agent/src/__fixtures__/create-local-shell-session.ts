import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type {
  SandboxCapabilitiesV1,
  SandboxExecOptionsV1,
  SandboxExecResultV1,
  SandboxExecutorV1,
  SandboxFileEntryV1,
  SandboxSessionV1,
} from '@swespot/core';

const CAPABILITIES: SandboxCapabilitiesV1 = {
  networkIsolation: false,
  filesystemIsolation: false,
  resourceLimits: false,
  processTreeKill: true,
  containerImages: false,
};

/** A local session plus the temporary folder it works in. */
export interface LocalShellSession extends SandboxSessionV1 {
  /** Every exec call, in order. */
  readonly execCalls: SandboxExecOptionsV1[];
}

/**
 * A tiny real {@link SandboxSessionV1} for tests: commands run in a fresh `bash -c` on this
 * machine, in its own process group (killed whole on timeout or abort), inside `workdir`
 * (a new temporary folder unless given). No isolation: test fixture only.
 */
export async function createLocalShellSession(settings: { workdir?: string } = {}): Promise<LocalShellSession> {
  const workdir = settings.workdir ?? (await mkdtemp(join(tmpdir(), 'swespot-agent-')));
  const ownsWorkdir = settings.workdir === undefined;
  const execCalls: SandboxExecOptionsV1[] = [];
  const at = (path: string) => resolve(workdir, path);

  const executor: SandboxExecutorV1 = {
    workdir,
    capabilities: CAPABILITIES,
    exec(options) {
      execCalls.push(options);
      return runCommand(options, workdir);
    },
    async readFile(path) {
      return new Uint8Array(await readFile(at(path)));
    },
    async writeFile(path, content) {
      await mkdir(dirname(at(path)), { recursive: true });
      await writeFile(at(path), content);
    },
    async listFiles(path, options = {}) {
      const root = at(path);
      const entries = await readdir(root, { recursive: options.recursive ?? false, withFileTypes: true });
      const listed: SandboxFileEntryV1[] = [];
      for (const entry of entries) {
        const full = join(entry.parentPath, entry.name);
        const type = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other';
        listed.push({ path: relative(root, full), type, ...(type === 'file' ? { size: (await stat(full)).size } : {}) });
      }
      return listed.sort((left, right) => left.path.localeCompare(right.path));
    },
  };
  return {
    ...executor,
    id: randomUUID(),
    provider: 'local-test',
    execCalls,
    restricted: () => ({ ...executor }),
    async destroy() {
      if (ownsWorkdir) await rm(workdir, { recursive: true, force: true });
    },
  };
}

function runCommand(options: SandboxExecOptionsV1, workdir: string): Promise<SandboxExecResultV1> {
  const started = performance.now();
  const maxBytes = options.maxOutputBytes ?? 1024 * 1024;
  const [program, ...args] = typeof options.command === 'string' ? ['bash', '-c', options.command] : options.command;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program!, args, {
      cwd: options.cwd === undefined ? workdir : resolve(workdir, options.cwd),
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout = createCapture(maxBytes);
    const stderr = createCapture(maxBytes);
    let timedOut = false;
    let aborted = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? 60_000);
    const onAbort = () => {
      aborted = true;
      killGroup();
    };
    options.abortSignal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', stdout.push);
    child.stderr.on('data', stderr.push);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.abortSignal?.removeEventListener('abort', onAbort);
      resolvePromise({
        exitCode: code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated(),
        stderrTruncated: stderr.truncated(),
        timedOut,
        aborted,
        durationMs: performance.now() - started,
      });
    });
    // A command that never reads its input closes the pipe first; that is not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}

/** Keeps the first and last `maxBytes / 2` bytes of a stream. */
function createCapture(maxBytes: number) {
  const half = Math.floor(maxBytes / 2);
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let total = 0;
  return {
    push: (chunk: Buffer) => {
      total += chunk.length;
      if (head.length < half) {
        const take = Math.min(half - head.length, chunk.length);
        head = Buffer.concat([head, chunk.subarray(0, take)]);
        chunk = chunk.subarray(take);
      }
      if (chunk.length > 0) tail = Buffer.concat([tail, chunk]).subarray(-half);
    },
    truncated: () => total > maxBytes,
    text: () => Buffer.concat([head, tail]).toString('utf8'),
  };
}

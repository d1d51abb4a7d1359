// The one conformance suite of SandboxProviderV1, run against every backend and skipped by
// declared capability. Imported by the backends' tests only (it needs vitest).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import type { SandboxCreateSessionOptionsV1, SandboxProviderV1, SandboxSessionV1 } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostProcessesWithMarker, uniqueSleepSeconds, waitForNoProcesses } from './__fixtures__/host-processes';
import { withSandboxSession } from './with-sandbox-session';

/** How the suite drives one backend. */
export interface SandboxConformanceTarget {
  /** The provider name passed to the owner child process (`docker`, `bubblewrap`, `local`). */
  readonly name: 'docker' | 'bubblewrap' | 'local';
  readonly provider: () => SandboxProviderV1;
  /** Options every session of the suite gets (e.g. the image). */
  readonly sessionOptions: () => SandboxCreateSessionOptionsV1;
  /** Whether anything of the session is left (container, folders) after it was destroyed. */
  readonly leftovers: (session: { id: string; ownerPid: number }) => Promise<boolean>;
  /** What the backend does to clean up after a dead owner (its reaper). */
  readonly reap: () => Promise<void>;
  /** Whether the backend kills a session's commands when its owner dies (the local backend cannot). Default: true. */
  readonly killsCommandsOfDeadOwner?: boolean;
}

/** Forces a full garbage collection (flag set at run time, so no special node options are needed). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Memory this process holds (JS heap plus buffers), in bytes. */
function heldBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const ownerChild = fileURLToPath(new URL('./__fixtures__/owner-child.ts', import.meta.url));

/** Registers the conformance tests of one backend. */
export function describeSandboxConformance(target: SandboxConformanceTarget): void {
  describe(`${target.name} sandbox conformance`, () => {
    let provider: SandboxProviderV1;
    let workspace: string;
    const sessions: SandboxSessionV1[] = [];
    const open = async (extra: SandboxCreateSessionOptionsV1 = {}) => {
      const session = await provider.createSession({ ...target.sessionOptions(), workspace: { hostPath: workspace }, ...extra });
      sessions.push(session);
      return session;
    };

    beforeAll(async () => {
      provider = target.provider();
      workspace = await mkdtemp(join(tmpdir(), 'swespot-conformance-'));
      await writeFile(join(workspace, 'hello.txt'), 'hello\n');
    });
    afterAll(async () => {
      for (const session of sessions) await session.destroy().catch(() => undefined);
      await rm(workspace, { recursive: true, force: true });
    });

    it('runs a shell string and an argv, keeps stdout, stderr and the exit code apart, and feeds stdin', async () => {
      const session = await open({ env: { SESSION_VALUE: 'from-session' } });
      const shell = await session.exec({ command: 'cat hello.txt; echo "$SESSION_VALUE $CALL_VALUE" >&2; exit 7', env: { CALL_VALUE: 'from-call' } });
      expect(shell).toMatchObject({ exitCode: 7, stdout: 'hello\n', stderr: 'from-session from-call\n', timedOut: false, aborted: false });
      const argv = await session.exec({ command: ['printf', '%s|', 'a b', '$HOME'] });
      expect(argv.stdout).toBe('a b|$HOME|');
      const piped = await session.exec({ command: 'tr a-z A-Z', stdin: 'shout\n' });
      expect(piped.stdout).toBe('SHOUT\n');
      await session.exec({ command: 'mkdir -p sub/dir' });
      expect((await session.exec({ command: 'pwd', cwd: 'sub/dir' })).stdout.trim()).toBe(`${session.workdir}/sub/dir`);
    });

    it('copies the workspace in, so the host folder is never changed', async () => {
      const session = await open();
      await session.exec({ command: 'echo changed > hello.txt && touch new-file' });
      expect(await readFile(join(workspace, 'hello.txt'), 'utf8')).toBe('hello\n');
      expect(Buffer.from(await session.readFile('hello.txt')).toString()).toBe('changed\n');
    });

    it('writes, reads and lists files, bytes intact, parents created', async () => {
      const session = await open();
      const bytes = new Uint8Array(256).map((_, index) => index);
      await session.writeFile('deep/nested/bytes.bin', bytes);
      await session.writeFile(`${session.workdir}/deep/text.txt`, 'text ✓');
      expect(Buffer.from(await session.readFile('deep/nested/bytes.bin')).equals(Buffer.from(bytes))).toBe(true);
      expect((await session.exec({ command: 'cat deep/text.txt && wc -c < deep/nested/bytes.bin' })).stdout).toBe('text ✓256\n');
      expect(await session.listFiles('deep', { recursive: true })).toEqual([
        { path: 'nested', type: 'directory' },
        { path: 'nested/bytes.bin', type: 'file', size: 256 },
        { path: 'text.txt', type: 'file', size: 8 },
      ]);
      expect((await session.listFiles('.')).map((entry) => entry.path)).toEqual(['deep', 'hello.txt']);
      await expect(session.readFile('missing.txt')).rejects.toThrow(/missing\.txt/);
    });

    it('kills a command past its timeout together with its children, and reports it as timed out', async () => {
      const session = await open();
      const marker = uniqueSleepSeconds();
      const started = Date.now();
      const result = await session.exec({ command: `(sleep ${marker} &) ; bash -c 'sleep ${marker}' & sleep ${marker}`, timeoutMs: 1500 });
      expect(result).toMatchObject({ timedOut: true, exitCode: null, aborted: false });
      // Far less than the sleep (over 11 days), however loaded the machine.
      expect(Date.now() - started).toBeLessThan(600_000);
      expect(await waitForNoProcesses(marker)).toEqual([]);
      expect((await session.exec({ command: 'echo still usable' })).stdout).toBe('still usable\n');
    });

    it('kills the process tree on abort', async () => {
      const session = await open();
      const marker = uniqueSleepSeconds();
      const controller = new AbortController();
      const running = session.exec({ command: `sleep ${marker} & sleep ${marker}`, abortSignal: controller.signal, timeoutMs: 60_000 });
      setTimeout(() => controller.abort(), 1000);
      expect(await running).toMatchObject({ aborted: true, timedOut: false, exitCode: null });
      expect(await waitForNoProcesses(marker)).toEqual([]);
    });

    it('caps 50 MB of output to head and tail without holding it in memory', async () => {
      const session = await open();
      collectGarbage();
      const before = heldBytes();
      let peak = before;
      // Collect at each sample, so the figure is what is held, not garbage not yet swept.
      const sampler = setInterval(() => {
        collectGarbage();
        peak = Math.max(peak, heldBytes());
      }, 50);
      const result = await session.exec({
        command: "printf 'FIRST\\n'; head -c 52428800 /dev/zero | tr '\\0' x; printf '\\nLAST\\n'; head -c 3000000 /dev/zero >&2",
        maxOutputBytes: 64 * 1024,
        timeoutMs: 600_000,
      });
      clearInterval(sampler);
      expect(result.exitCode).toBe(0);
      expect(result.stdoutTruncated).toBe(true);
      expect(result.stderrTruncated).toBe(true);
      expect(result.stdout.startsWith('FIRST\nxxx')).toBe(true);
      expect(result.stdout.endsWith('xxx\nLAST\n')).toBe(true);
      expect(result.stdout).toMatch(/\[\.\.\. \d+ bytes truncated by swespot \.\.\.\]/);
      expect(Buffer.byteLength(result.stdout)).toBeLessThan(64 * 1024 + 100);
      // Holding the output would show 50 MiB or more at the last sample; streaming stays far below.
      expect(peak - before).toBeLessThan(32 * 1024 * 1024);
    });

    it.skipIf(!target.provider().capabilities.resourceLimits)('stops a fork bomb at the pids limit and stays usable', async () => {
      const session = await open({ limits: { pids: 128 } });
      const marker = `swespot-bomb-${uniqueSleepSeconds()}`;
      const result = await session.exec({ command: ['bash', '-c', 'bomb() { bomb | bomb & }; bomb; sleep 3', marker], timeoutMs: 8000 });
      expect(result.exitCode === 0 || result.timedOut).toBe(true);
      expect(`${result.stderr}`).toMatch(/fork|Resource temporarily unavailable/);
      expect(await waitForNoProcesses(marker)).toEqual([]);
      expect((await session.exec({ command: 'echo after the bomb' })).stdout).toBe('after the bomb\n');
    });

    it.skipIf(!target.provider().capabilities.networkIsolation)('refuses network connections from inside', async () => {
      const servers: Server[] = [];
      const addresses = ['127.0.0.1', ...Object.values(networkInterfaces()).flat().filter((entry) => entry && entry.family === 'IPv4' && !entry.internal).map((entry) => entry!.address)];
      const targets: string[] = [];
      for (const address of addresses) {
        const server = createServer((socket) => socket.end('reached\n'));
        await new Promise<void>((resolve) => server.listen(0, address, resolve));
        servers.push(server);
        targets.push(`${address}/${(server.address() as { port: number }).port}`);
      }
      try {
        const session = await open();
        for (const destination of targets) {
          const result = await session.exec({ command: `exec 3<>/dev/tcp/${destination} && cat <&3`, timeoutMs: 10_000 });
          expect(result.stdout, destination).not.toContain('reached');
          expect(result.exitCode, destination).not.toBe(0);
        }
      } finally {
        for (const server of servers) server.close();
      }
    });

    it('removes everything on destroy, refuses calls after it, and may be destroyed twice', async () => {
      const session = await provider.createSession({ ...target.sessionOptions(), workspace: { hostPath: workspace } });
      expect(await target.leftovers({ id: session.id, ownerPid: process.pid })).toBe(true);
      await session.destroy();
      await session.destroy();
      expect(await target.leftovers({ id: session.id, ownerPid: process.pid })).toBe(false);
      await expect(session.exec({ command: 'true' })).rejects.toThrow(/destroyed/);
    });

    it('removes everything when the work throws', async () => {
      let id = '';
      await expect(
        withSandboxSession(provider, { ...target.sessionOptions(), workspace: { hostPath: workspace } }, async (session) => {
          id = session.id;
          await session.exec({ command: 'true' });
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(id).not.toBe('');
      expect(await target.leftovers({ id, ownerPid: process.pid })).toBe(false);
    });

    it.skipIf(target.killsCommandsOfDeadOwner === false)('leaves nothing behind once the owning process is SIGKILLed and the reaper ran', async () => {
      const marker = uniqueSleepSeconds();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--conditions=@swespot/source', ownerChild, target.name, JSON.stringify({ ...target.sessionOptions(), workspace: { hostPath: workspace } }), marker],
        { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const ready = await new Promise<{ sessionId: string; pid: number }>((resolve, reject) => {
        let buffered = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          buffered += text;
          if (buffered.includes('\n')) resolve(JSON.parse(buffered.split('\n')[0]!));
        });
        child.on('exit', (code) => reject(new Error(`owner child exited ${code} before it was ready: ${stderr}`)));
      });
      expect(hostProcessesWithMarker(marker).length).toBeGreaterThan(0);
      expect(await target.leftovers({ id: ready.sessionId, ownerPid: ready.pid })).toBe(true);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await target.reap();
      expect(await target.leftovers({ id: ready.sessionId, ownerPid: ready.pid })).toBe(false);
      expect(await waitForNoProcesses(marker)).toEqual([]);
    });
  });
}

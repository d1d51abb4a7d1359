import { spawn } from 'node:child_process';
import type { SandboxExecResultV1 } from '@swespot/core';
import { SandboxCommandError } from '@swespot/core';
import { createCappedOutput } from './capped-output';
import { killProcessTree } from './kill-process-tree';

/** The input of {@link runHostProcess}. */
export interface RunHostProcessOptions {
  /** Program and arguments; no shell is added. */
  readonly argv: readonly string[];
  /** Host working directory of the spawned program. */
  readonly cwd: string;
  /** The full environment of the program (nothing is inherited beyond it). */
  readonly env: Readonly<Record<string, string>>;
  /** Text written to stdin, which is then closed. */
  readonly stdin?: string;
  /** Wall-clock limit in milliseconds. */
  readonly timeoutMs: number;
  /** Most bytes kept of each of stdout and stderr. */
  readonly maxOutputBytes: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * Runs a host program in its own process group and session, with a wall-clock timeout and
 * an abort signal that both kill its whole process tree, and stdout/stderr capped to
 * `maxOutputBytes` each (head and tail kept). A non-zero exit is a result; only a program
 * that cannot be started rejects (with {@link SandboxCommandError}).
 */
export function runHostProcess(options: RunHostProcessOptions): Promise<SandboxExecResultV1> {
  const started = performance.now();
  const stdout = createCappedOutput(options.maxOutputBytes);
  const stderr = createCappedOutput(options.maxOutputBytes);
  const [program, ...args] = options.argv;
  if (program === undefined) {
    return Promise.reject(new SandboxCommandError({ message: 'Cannot run an empty command.', command: [] }));
  }
  if (options.abortSignal?.aborted) {
    return Promise.resolve(finish(null, null, false, true));
  }

  function finish(exitCode: number | null, signalName: string | null, timedOut: boolean, aborted: boolean): SandboxExecResultV1 {
    return {
      exitCode,
      signal: signalName,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      timedOut,
      aborted,
      durationMs: performance.now() - started,
    };
  }

  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: { ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const kill = () => {
      if (child.pid !== undefined) killProcessTree(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    options.abortSignal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      options.abortSignal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
    child.stdin.on('error', () => {
      // The program exited without reading its input; that is its business.
    });
    child.stdin.end(options.stdin ?? '');

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(
        new SandboxCommandError({
          message: `Could not start ${program}: ${error.message}. Check that it is installed and on PATH.`,
          command: [...options.argv],
          cause: error,
        }),
      );
    });
    child.on('close', (code, signalName) => {
      if (settled) return;
      settled = true;
      cleanup();
      const killed = timedOut || aborted;
      resolve(finish(killed ? null : code, killed ? 'SIGKILL' : signalName, timedOut, aborted));
    });
  });
}

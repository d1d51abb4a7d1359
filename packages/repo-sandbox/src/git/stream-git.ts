import { spawn } from 'node:child_process';
import { SandboxCommandError } from '@swespot/core';
import { gitEnvironment } from './run-git';

/** Options of {@link streamGit}. */
export interface StreamGitOptions {
  /** The folder git runs in. */
  readonly cwd: string;
  /** The git executable. Default: `git`. */
  readonly gitBinary?: string;
  /** The byte that ends each record. Default: 0 (NUL, as `-z` prints). */
  readonly separator?: number;
  /** Bytes written to git's standard input, which is then closed. */
  readonly input?: string | Uint8Array;
  /** Kills git and ends the stream with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

/**
 * Runs `git <args>` (arguments as an array, no shell) and yields its standard output split
 * at `separator`, as it arrives: memory stays flat however long the output is. The bytes
 * after the last separator, if any, are yielded last. Breaking out of the loop kills git.
 *
 * @throws {SandboxCommandError} after the last record when git exits with a non-zero code.
 */
export async function* streamGit(args: readonly string[], options: StreamGitOptions): AsyncGenerator<Buffer> {
  const { cwd, gitBinary = 'git', separator = 0, input, abortSignal } = options;
  abortSignal?.throwIfAborted();
  const child = spawn(gitBinary, args, { cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {});
  if (input === undefined) child.stdin.end();
  else child.stdin.end(input);
  let killedBy: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      killedBy = signal;
      resolve(code);
    });
  });
  // Keep an unhandled rejection from escaping while the loop is still reading.
  exited.catch(() => {});
  const onAbort = () => child.kill('SIGTERM');
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    let pending: Buffer[] = [];
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let start = 0;
      let index = chunk.indexOf(separator, start);
      while (index !== -1) {
        if (pending.length > 0) {
          pending.push(chunk.subarray(start, index));
          yield Buffer.concat(pending);
          pending = [];
        } else {
          yield chunk.subarray(start, index);
        }
        start = index + 1;
        index = chunk.indexOf(separator, start);
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) yield Buffer.concat(pending);
    let code: number | null;
    try {
      code = await exited;
    } catch (error) {
      throw new SandboxCommandError({ command: [gitBinary, ...args], cause: error, stderr: String(error) });
    }
    abortSignal?.throwIfAborted();
    if (code !== 0) {
      throw new SandboxCommandError({
        command: [gitBinary, ...args],
        exitCode: code ?? undefined,
        ...(killedBy === null ? {} : { signal: killedBy }),
        stderr: Buffer.concat(stderr).toString('utf8').slice(-4000),
      });
    }
    finished = true;
  } finally {
    abortSignal?.removeEventListener('abort', onAbort);
    if (!finished && child.exitCode === null) child.kill('SIGTERM');
  }
}

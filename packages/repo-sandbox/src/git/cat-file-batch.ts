import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SandboxCommandError } from '@swespot/core';
import { gitEnvironment } from './run-git';

/** One object read through {@link CatFileBatch}. */
export interface BatchObject {
  readonly sha: string;
  readonly type: 'blob' | 'tree' | 'commit' | 'tag';
  readonly data: Buffer;
}

interface PendingRequest {
  readonly spec: string;
  readonly resolve: (value: BatchObject | null) => void;
  readonly reject: (error: unknown) => void;
}

interface Refable {
  ref(): void;
  unref(): void;
}

/**
 * A long-lived `git cat-file --batch` process that answers object lookups (`<sha>`,
 * `<commit>:<path>`) one after another over one pipe, so reading ten thousand objects costs
 * one process start instead of ten thousand. Requests are answered in order. The process
 * starts on the first request and does not keep Node running while idle; {@link close} ends it.
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: PendingRequest[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly directory: string,
    private readonly gitBinary: string,
  ) {}

  /**
   * Reads the object `spec` names, or `null` when it does not exist (or is ambiguous).
   * A spec containing a newline cannot travel over the batch protocol and is rejected.
   */
  read(spec: string, options: { readonly abortSignal?: AbortSignal } = {}): Promise<BatchObject | null> {
    options.abortSignal?.throwIfAborted();
    if (spec.includes('\n')) {
      return Promise.reject(new Error(`cat-file --batch cannot look up a name containing a newline: ${JSON.stringify(spec)}`));
    }
    const child = this.start();
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) this.setReferenced(child, true);
      this.queue.push({ spec, resolve, reject });
      child.stdin.write(`${spec}\n`);
    });
  }

  /** Ends the process; pending requests reject. Idempotent. A later {@link read} starts a new one. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    if (child) {
      child.stdin.end();
      child.kill('SIGTERM');
    }
    this.failAll(new Error('cat-file --batch was closed'));
    this.buffer = Buffer.alloc(0);
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const args = ['cat-file', '--batch'];
    const child = spawn(this.gitBinary, args, { cwd: this.directory, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stdin.on('error', () => {});
    const fail = (cause: unknown, exitCode?: number) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.failAll(
        new SandboxCommandError({
          command: [this.gitBinary, ...args],
          exitCode,
          stderr: Buffer.concat(stderr).toString('utf8') || String(cause ?? ''),
          cause,
        }),
      );
    };
    child.on('error', (error) => fail(error));
    child.on('close', (code) => fail(undefined, code ?? undefined));
    this.child = child;
    this.setReferenced(child, false);
    return child;
  }

  private setReferenced(child: ChildProcessWithoutNullStreams, referenced: boolean): void {
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as Refable[]) {
      if (referenced) handle.ref?.();
      else handle.unref?.();
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const request = this.queue[0];
      if (!request) return;
      const headerEnd = this.buffer.indexOf(10);
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(headerEnd + 1);
        this.finish(null);
        continue;
      }
      const [sha, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (!sha || !type || !Number.isInteger(size)) {
        const child = this.child;
        this.child = undefined;
        this.buffer = Buffer.alloc(0);
        this.failAll(new Error(`Unexpected cat-file --batch header: ${JSON.stringify(header)}`));
        child?.kill('SIGTERM');
        return;
      }
      if (this.buffer.length < headerEnd + 1 + size + 1) return;
      const data = Buffer.from(this.buffer.subarray(headerEnd + 1, headerEnd + 1 + size));
      this.buffer = this.buffer.subarray(headerEnd + 1 + size + 1);
      this.finish({ sha, type: type as BatchObject['type'], data });
    }
  }

  private finish(value: BatchObject | null): void {
    const request = this.queue.shift();
    request?.resolve(value);
    if (this.queue.length === 0 && this.child) this.setReferenced(this.child, false);
  }

  private failAll(error: unknown): void {
    for (const request of this.queue.splice(0)) request.reject(error);
  }
}

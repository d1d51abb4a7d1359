import { existsSync } from 'node:fs';
import { mkdir, open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SwespotError } from '../errors/swespot-error';
import { ValidationError } from '../errors/validation-error';
import { iterateJsonlLines } from './iterate-jsonl-lines';
import { parseJsonlLine } from './parse-jsonl-line';
import type { JsonlTruncatedTail } from './read-jsonl';

/**
 * How hard {@link JsonlWriter.write} works to keep a record before it resolves.
 *
 * - `none` (default): the line is handed to the operating system with one `write(2)` on
 *   an append-only descriptor. It survives the process being killed (SIGKILL, out of
 *   memory, a crash), because the kernel already holds it, but the last records written
 *   may be lost if the machine loses power or the kernel crashes. Costs one system call
 *   per record (microseconds).
 * - `fsync`: also calls `fdatasync(2)` after each record, so a resolved `write` survives a
 *   power loss too. Costs a disk flush per record (0.1 ms on NVMe to 10 ms and more on
 *   network disks), so use it for slow, expensive records (model trajectories), not bulk.
 *
 * Either way a record is never half-kept across a crash: a torn last line is repaired
 * (truncated away) when the file is next opened, and its record is written again.
 */
export type JsonlDurability = 'none' | 'fsync';

/** Options of {@link openJsonlWriter}. */
export interface OpenJsonlWriterOptions<Schema extends z.ZodType> {
  /** The zod schema every record must match, in the file already and when written. */
  schema: Schema;
  /** A name for the schema in error messages, e.g. `TaskInstance`. Default: `record`. */
  schemaName?: string;
  /**
   * The id of a record (the schema's output), used to skip records already in the file.
   * Default: the record's `id` property, which must then be a string.
   */
  getId?: (record: z.output<Schema>) => string;
  /** See {@link JsonlDurability}. Default: `none`. */
  durability?: JsonlDurability;
  /** Stops the scan of the existing file; the open then rejects with the signal's reason. */
  abortSignal?: AbortSignal;
}

/** Options of {@link JsonlWriter.write}. */
export interface JsonlWriteOptions {
  /** Cancels the write if it has not started yet (a started append always completes). */
  abortSignal?: AbortSignal;
}

/**
 * An open, resumable, append-only JSONL file: each id is written at most once, across
 * reopenings. Get one with {@link openJsonlWriter}.
 */
export interface JsonlWriter<Schema extends z.ZodType> {
  /** The file written to, as given to {@link openJsonlWriter}. */
  readonly file: string;
  /** How many distinct ids the file holds: those found on open plus those written since. */
  readonly size: number;
  /** Whether {@link JsonlWriter.close} has been called. */
  readonly closed: boolean;
  /** The torn last line that opening the file cut off, or `undefined` when there was none. */
  readonly repairedTail: JsonlTruncatedTail | undefined;
  /** Whether a record with this id is in the file (found on open, or written by a resolved `write`). */
  has(id: string): boolean;
  /** The ids in the file, in order of first write. */
  ids(): IterableIterator<string>;
  /**
   * Validates `record` and appends it as one line, `JSON.stringify(record) + '\n'`, in a
   * single append. Calls are serialized: concurrent writes never interleave, and run in
   * call order.
   *
   * The schema checks the record as it will be read back (after `JSON.stringify` and
   * `JSON.parse`), so a value JSON cannot carry (a `Date`, `undefined`, `NaN`) fails here
   * rather than when the file is read.
   *
   * @returns `true` when the record was written, `false` (nothing written) when its id is
   *   already in the file.
   * @throws {ValidationError} when the record does not match the schema or is not JSON
   *   serializable; nothing is written.
   * @throws {SwespotError} when the writer is closed, or an earlier append failed.
   */
  write(record: z.input<Schema>, options?: JsonlWriteOptions): Promise<boolean>;
  /** Waits for queued writes, then closes the file. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens `file` for resumable appending, creating it and its parent folders when missing.
 *
 * On open it reads the whole file once (streaming) to learn the ids already present,
 * validating every record with the schema, and repairs a torn last line left by a killed
 * writer (a last line without newline that is not valid JSON) by truncating the file back
 * to the end of its last complete line, before anything is written. A last line that is
 * a valid record missing only its newline gets the newline.
 *
 * One writer per file at a time: nothing locks the file against a second process.
 *
 * @throws {ValidationError} when a complete line of the existing file is not valid JSON or
 *   does not match the schema, naming the file, line and zod paths.
 * @throws {InvalidArgumentError} when a record's id is not a string (see `getId`).
 *
 * @example
 * ```ts
 * const writer = await openJsonlWriter('out/tasks.jsonl', { schema: TaskInstanceSchema, schemaName: 'TaskInstance' });
 * for (const task of tasks) if (!writer.has(task.id)) await writer.write(await build(task));
 * await writer.close();
 * ```
 */
export async function openJsonlWriter<Schema extends z.ZodType>(
  file: string,
  options: OpenJsonlWriterOptions<Schema>,
): Promise<JsonlWriter<Schema>> {
  const { schema, schemaName, getId = defaultGetId, durability = 'none', abortSignal } = options;
  if (durability !== 'none' && durability !== 'fsync') {
    throw new InvalidArgumentError({
      message: `Unknown durability '${String(durability)}' for ${file}: use 'none' or 'fsync'.`,
      argument: 'durability',
    });
  }
  abortSignal?.throwIfAborted();

  const idOf = (record: z.output<Schema>, line: number | undefined): string => {
    const id: unknown = getId(record);
    if (typeof id !== 'string') {
      throw new InvalidArgumentError({
        message: `${file}${line === undefined ? '' : `:${line}`}: the record's id is ${describe(id)}, not a string; give openJsonlWriter a getId option that returns the record's id as a string.`,
        argument: 'getId',
      });
    }
    return id;
  };

  await mkdir(dirname(file), { recursive: true });
  const ids = new Set<string>();
  const existed = existsSync(file);
  let repairedTail: JsonlTruncatedTail | undefined;
  let missingNewline = false;

  if (existed) {
    for await (const line of iterateJsonlLines(file, { abortSignal })) {
      if (line.text.trim() === '') {
        missingNewline = !line.terminated;
        continue;
      }
      let record: z.output<Schema>;
      try {
        record = parseJsonlLine(line.text, { schema, schemaName, file, line: line.number });
      } catch (error) {
        if (ValidationError.isInstance(error) && !line.terminated && error.cause instanceof SyntaxError) {
          repairedTail = { line: line.number, startByte: line.startByte, byteLength: line.endByte - line.startByte };
          break;
        }
        throw error;
      }
      ids.add(idOf(record, line.number));
      missingNewline = !line.terminated;
    }
  }

  abortSignal?.throwIfAborted();
  if (repairedTail) await truncate(file, repairedTail.startByte);
  const handle = await open(file, 'a');
  try {
    if (missingNewline) await appendAll(handle, Buffer.from('\n'));
    if (durability === 'fsync') {
      await handle.datasync();
      if (!existed) await syncDirectory(dirname(file));
    }
  } catch (error) {
    await handle.close();
    throw error;
  }

  let closed = false;
  let closing: Promise<void> | undefined;
  let failure: SwespotError | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const enqueue = <Result>(task: () => Promise<Result>): Promise<Result> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    file,
    get size() {
      return ids.size;
    },
    get closed() {
      return closed;
    },
    repairedTail,
    has: (id) => ids.has(id),
    ids: () => ids.values(),

    async write(record, { abortSignal: writeSignal } = {}) {
      if (closed) {
        throw new SwespotError({
          message: `Cannot write to ${file}: its JsonlWriter is closed. Open it again with openJsonlWriter to append more records.`,
        });
      }
      const line = serialize(record, file, schemaName);
      const parsed = parseJsonlLine(line, { schema, schemaName, file });
      const id = idOf(parsed, undefined);
      const bytes = Buffer.from(`${line}\n`);
      return enqueue(async () => {
        writeSignal?.throwIfAborted();
        if (failure) throw failure;
        if (ids.has(id)) return false;
        try {
          await appendAll(handle, bytes);
          if (durability === 'fsync') await handle.datasync();
        } catch (error) {
          failure = new SwespotError({
            message: `Appending to ${file} failed, so its last line may be torn; this writer is unusable. Fix the cause (disk full? permissions?) and open the file again with openJsonlWriter, which repairs it.`,
            cause: error,
          });
          throw failure;
        }
        ids.add(id);
        return true;
      });
    },

    close() {
      closed = true;
      closing ??= queue.then(() => handle.close());
      return closing;
    },
  };
}

function defaultGetId(record: unknown): string {
  return (record as { id?: unknown } | null)?.id as string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

function serialize(record: unknown, file: string, schemaName: string | undefined): string {
  let line: string | undefined;
  let reason = 'JSON.stringify returned nothing';
  try {
    line = JSON.stringify(record);
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (line === undefined) {
    throw new ValidationError({
      message: `${file}: cannot write ${schemaName ?? 'record'}: it is not JSON serializable (${reason}).`,
      issues: [{ path: '', message: `not JSON serializable: ${reason}` }],
      file,
      schema: schemaName,
    });
  }
  return line;
}

/** Appends all of `bytes`, looping on short writes (the descriptor is in append mode). */
async function appendAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a newly created file's directory entry durable, where the platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  let directoryHandle: FileHandle | undefined;
  try {
    directoryHandle = await open(directory, 'r');
    await directoryHandle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the file itself is synced.
  } finally {
    await directoryHandle?.close();
  }
}

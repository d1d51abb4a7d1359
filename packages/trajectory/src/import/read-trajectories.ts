import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  InvalidArgumentError,
  parseWithSchema,
  readJsonl,
  trajectorySchema,
  ValidationError,
  type Trajectory,
} from '@swespot/core';
import { z } from 'zod';
import { fromMiniSweAgent } from './from-mini-swe-agent';
import { fromSweAgent } from './from-swe-agent';
import type { ImportSettings } from './import-settings';

/** The trajectory formats {@link readTrajectories} reads. */
export type TrajectoryFormat = 'swespot' | 'mini-swe-agent' | 'swe-agent';

/** One trajectory read from disk, with where it came from (for error messages and reports). */
export interface ReadTrajectory {
  /** The trajectory, valid against core's `trajectorySchema`. */
  trajectory: Trajectory;
  /** The file it was read from. */
  file: string;
  /** The 1-based line, for JSONL files. */
  line?: number;
  /** The format it was read in. */
  format: TrajectoryFormat;
}

/** Options of {@link readTrajectories}. */
export interface ReadTrajectoriesOptions {
  /** Force one format instead of detecting it per file (by name) and per record (by keys). Default: detect. */
  format?: TrajectoryFormat;
  /**
   * Settings for foreign formats (mini-swe-agent, SWE-agent), which lack swespot's task kind,
   * cutoff and ids. The task id defaults to the file name without `.traj.json`/`.traj` when the
   * file does not name its instance.
   */
  importSettings?: ImportSettings;
  /**
   * What to do with a file or JSONL line that is not a readable trajectory (not JSON, cut off,
   * not a known format, or invalid): `throw` a {@link ValidationError} naming it (default), or
   * `skip` it, report it to `onUnreadable` and go on with the next record.
   */
  onInvalid?: 'throw' | 'skip';
  /** Folders not to walk into (an export's output folder inside its input folder, say). Default: none. */
  ignoreFolders?: readonly string[];
  /** Called for every record skipped with `onInvalid: 'skip'`. */
  onUnreadable?: (problem: UnreadableTrajectory) => void;
  /** Cancels reading between records. */
  abortSignal?: AbortSignal;
}

/** A file or JSONL line that {@link readTrajectories} skipped because it is not a readable trajectory. */
export interface UnreadableTrajectory {
  /** The file. */
  file: string;
  /** The 1-based line, for JSONL files. */
  line?: number;
  /** What is wrong with it and how to fix it (the error's message, naming file and line). */
  message: string;
}

/** The formats {@link readTrajectories} accepts, for error messages. */
const acceptedFormats =
  'a swespot Trajectory (schemaVersion, steps), a mini-swe-agent .traj.json file (trajectory_format, messages) or its bare list of messages, or a SWE-agent .traj file (trajectory and/or history)';

const anySchema = z.unknown();

/** Which format a parsed JSON object is in, from its keys. */
export function detectTrajectoryFormat(value: Record<string, unknown>): TrajectoryFormat | undefined {
  if ('schemaVersion' in value && 'steps' in value) return 'swespot';
  if ('trajectory_format' in value || ('messages' in value && Array.isArray(value.messages))) return 'mini-swe-agent';
  if (('trajectory' in value && Array.isArray(value.trajectory)) || ('history' in value && Array.isArray(value.history))) return 'swe-agent';
  return undefined;
}

function taskIdFromFileName(file: string): string {
  return basename(file).replace(/\.traj\.json$|\.traj$|\.json$/, '');
}

/** Whether a JSON array is a list of chat messages (mini-swe-agent's message dumps). */
function isMessageList(value: unknown[]): boolean {
  return value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as { role?: unknown }).role === 'string');
}

/**
 * Converts one parsed JSON value: `format` (the caller's) wins, then the format its keys show,
 * then `fallback` (SWE-agent for a `.traj` file whose keys show none).
 */
function convert(input: unknown, format: TrajectoryFormat | undefined, file: string, line: number | undefined, options: ReadTrajectoriesOptions, fallback?: TrajectoryFormat): ReadTrajectory {
  const location = { file, ...(line === undefined ? {} : { line }) };
  // A bare list of messages is what mini-swe-agent's agent.messages dumps hold.
  const value: unknown = Array.isArray(input) && isMessageList(input) ? { messages: input } : input;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a JSON array that is not a list of chat messages' : value === null ? 'null' : `a JSON ${typeof value}`;
    throw new ValidationError({ issues: [{ path: '', message: `Not a trajectory: found ${kind}; expected ${acceptedFormats}` }], ...location, schema: 'trajectory' });
  }
  const record = value as Record<string, unknown>;
  const detected = format ?? detectTrajectoryFormat(record) ?? fallback;
  if (detected === undefined) {
    throw new ValidationError({
      issues: [{ path: '', message: `Not a trajectory: expected ${acceptedFormats}; found an object with keys ${Object.keys(record).slice(0, 8).join(', ') || '(none)'}` }],
      ...location,
      schema: 'trajectory',
    });
  }
  return convertRecord(record, detected, file, line, options);
}

function convertRecord(value: Record<string, unknown>, detected: TrajectoryFormat, file: string, line: number | undefined, options: ReadTrajectoriesOptions): ReadTrajectory {
  const location = { file, ...(line === undefined ? {} : { line }) };
  const settings = options.importSettings ?? {};
  const withTaskId = line === undefined && settings.taskId === undefined ? { ...settings, taskId: typeof value.instance_id === 'string' ? value.instance_id : taskIdFromFileName(file) } : settings;
  switch (detected) {
    case 'swespot':
      return { trajectory: parseWithSchema(trajectorySchema, value, { ...location, schema: 'Trajectory' }), file, ...(line === undefined ? {} : { line }), format: detected };
    case 'mini-swe-agent':
      return { trajectory: fromMiniSweAgent(value, withTaskId, location), file, ...(line === undefined ? {} : { line }), format: detected };
    case 'swe-agent':
      return { trajectory: fromSweAgent(value, withTaskId, location), file, ...(line === undefined ? {} : { line }), format: detected };
  }
}

async function* walk(path: string, abortSignal: AbortSignal | undefined, ignored: ReadonlySet<string> = new Set()): AsyncGenerator<string> {
  const info = await stat(path).catch((error: unknown) => {
    throw new InvalidArgumentError({ argument: 'paths', message: `${path}: cannot read (${(error as Error).message}); pass a trajectories .jsonl file, a .traj.json/.traj file or a folder of them`, cause: error });
  });
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((left, right) => left.name.localeCompare(right.name));
  for (const entry of entries) {
    abortSignal?.throwIfAborted();
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!ignored.has(resolve(child))) yield* walk(child, abortSignal, ignored);
    } else if (/\.(jsonl|traj|traj\.json)$/.test(entry.name)) yield child;
  }
}

/**
 * Reads trajectories from files and folders, in order: swespot `Trajectory` JSONL (as
 * `@swespot/agent` writes it), mini-swe-agent `.traj.json` files (v1 and v2 layouts, or a bare
 * list of messages) and SWE-agent `.traj` files, converting each into a core
 * {@link Trajectory}. Folders are walked recursively (sorted by name) for `*.jsonl`,
 * `*.traj.json` and `*.traj`. A JSONL line may hold any of the three formats; its format is
 * detected from its keys. With `onInvalid: 'skip'`, a bad file or line (a JSONL file cut off
 * mid-line included) is reported to `onUnreadable` and the rest are read.
 *
 * @throws {ValidationError} naming the file (and line) of the first record that is not a valid trajectory (with `onInvalid: 'throw'`, the default).
 * @throws {InvalidArgumentError} when a path cannot be read.
 */
export async function* readTrajectories(paths: readonly string[], options: ReadTrajectoriesOptions = {}): AsyncGenerator<ReadTrajectory> {
  const skip = options.onInvalid === 'skip';
  const unreadable = (error: unknown, file: string, line?: number): void => {
    if (!skip || !ValidationError.isInstance(error)) throw error;
    options.onUnreadable?.({ file, ...(line === undefined ? {} : { line }), message: error.message });
  };
  const ignored = new Set((options.ignoreFolders ?? []).map((folder) => resolve(folder)));
  for (const path of paths) {
    for await (const file of walk(path, options.abortSignal, ignored)) {
      options.abortSignal?.throwIfAborted();
      if (file.endsWith('.jsonl')) {
        const reader = readJsonl(file, {
          schema: anySchema,
          schemaName: 'trajectory',
          onInvalid: skip ? 'skip' : 'throw',
          // A line cut off by a killed writer is a record lost: say so, never drop it silently.
          onTruncatedTail: skip ? 'ignore' : 'throw',
          ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        });
        for await (const record of reader) {
          const line = reader.stats.linesRead;
          let item: ReadTrajectory;
          try {
            item = convert(record, options.format, file, line, options);
          } catch (error) {
            unreadable(error, file, line);
            continue;
          }
          yield item;
        }
        for (const skipped of reader.stats.skippedLines) options.onUnreadable?.({ file, line: skipped.line, message: skipped.message });
        const tail = reader.stats.truncatedTail;
        if (tail !== undefined) {
          options.onUnreadable?.({ file, line: tail.line, message: `${file}:${tail.line}: the last line is cut off (${tail.byteLength} bytes without a newline, not JSON): a writer was stopped mid-record; re-run it or delete the line` });
        }
        continue;
      }
      let item: ReadTrajectory;
      try {
        const text = await readFile(file, 'utf8');
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw new ValidationError({ issues: [{ path: '', message: `Not JSON (${(error as Error).message}); the file may be cut off: expected ${acceptedFormats}` }], file, schema: 'trajectory', cause: error });
        }
        item = convert(value, options.format, file, undefined, options, file.endsWith('.traj') ? 'swe-agent' : undefined);
      } catch (error) {
        unreadable(error, file);
        continue;
      }
      yield item;
    }
  }
}

import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
  /** Cancels reading between records. */
  abortSignal?: AbortSignal;
}

const objectSchema = z.record(z.string(), z.unknown());

/** Which format a parsed JSON object is in, from its keys. */
export function detectTrajectoryFormat(value: Record<string, unknown>): TrajectoryFormat | undefined {
  if ('schemaVersion' in value && 'steps' in value) return 'swespot';
  if ('trajectory_format' in value || ('messages' in value && Array.isArray(value.messages))) return 'mini-swe-agent';
  if ('trajectory' in value && Array.isArray(value.trajectory)) return 'swe-agent';
  return undefined;
}

function taskIdFromFileName(file: string): string {
  return basename(file).replace(/\.traj\.json$|\.traj$|\.json$/, '');
}

function convert(value: Record<string, unknown>, format: TrajectoryFormat | undefined, file: string, line: number | undefined, options: ReadTrajectoriesOptions): ReadTrajectory {
  const detected = format ?? detectTrajectoryFormat(value);
  const location = { file, ...(line === undefined ? {} : { line }) };
  if (detected === undefined) {
    throw new ValidationError({
      issues: [{ path: '', message: 'Not a trajectory: expected a swespot Trajectory (schemaVersion, steps), a mini-swe-agent file (trajectory_format, messages) or a SWE-agent file (trajectory, history)' }],
      ...location,
      schema: 'trajectory',
    });
  }
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

async function* walk(path: string, abortSignal: AbortSignal | undefined): AsyncGenerator<string> {
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
    if (entry.isDirectory()) yield* walk(child, abortSignal);
    else if (/\.(jsonl|traj|traj\.json)$/.test(entry.name)) yield child;
  }
}

/**
 * Reads trajectories from files and folders, in order: swespot `Trajectory` JSONL (as
 * `@swespot/agent` writes it), mini-swe-agent `.traj.json` files (v1 and v2 layouts) and
 * SWE-agent `.traj` files, converting each into a core {@link Trajectory}. Folders are walked
 * recursively (sorted by name) for `*.jsonl`, `*.traj.json` and `*.traj`. A JSONL line may hold
 * any of the three formats; its format is detected from its keys.
 *
 * @throws {ValidationError} naming the file (and line) of the first record that is not a valid trajectory.
 * @throws {InvalidArgumentError} when a path cannot be read.
 */
export async function* readTrajectories(paths: readonly string[], options: ReadTrajectoriesOptions = {}): AsyncGenerator<ReadTrajectory> {
  for (const path of paths) {
    for await (const file of walk(path, options.abortSignal)) {
      options.abortSignal?.throwIfAborted();
      if (file.endsWith('.jsonl')) {
        let line = 0;
        const reader = readJsonl(file, { schema: objectSchema, schemaName: 'trajectory', ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
        for await (const record of reader) {
          line = reader.stats.linesRead;
          yield convert(record, options.format, file, line, options);
        }
        continue;
      }
      const text = await readFile(file, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new ValidationError({ issues: [{ path: '', message: `Not JSON: ${(error as Error).message}` }], file, schema: 'trajectory', cause: error });
      }
      const record = parseWithSchema(objectSchema, value, { file, schema: 'trajectory' });
      yield convert(record, options.format ?? (file.endsWith('.traj') ? 'swe-agent' : undefined), file, undefined, options);
    }
  }
}

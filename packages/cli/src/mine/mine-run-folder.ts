import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, mineStageSummarySchema, mineUnitSummarySchema, parseWithSchema, type MineStageSummary, type MineUnitSummary } from '@swespot/core';
import { z } from 'zod';

/** The options a run folder was started with; a resumed run must ask for the same. */
export const mineRunManifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  repository: z.string().min(1).describe('The clone mined, or `sample` for the built-in sample repository.'),
  cutoff: z.string().min(1),
  units: z.array(z.string()),
  seed: z.int().nonnegative(),
  count: z.int().positive(),
  dependencies: z.enum(['online', 'offline-debian']),
  sandbox: z.enum(['docker', 'bubblewrap']),
  model: z.string().nullable(),
  teacher: z.string().nullable(),
  /** `I/N` of a sharded run (`--shard`); absent when unsharded. */
  shard: z.string().regex(/^\d+\/\d+$/).optional(),
  /** The synth unit's attempt budget (`--synth-attempts`); absent when it keeps `count` bugs. */
  synthAttempts: z.int().positive().optional(),
});

/** The options a run folder was started with. */
export type MineRunManifest = z.infer<typeof mineRunManifestSchema>;

/** A stage's marker: written when the stage has finished, so a resumed run skips it. */
export const mineStageMarkerSchema = z.strictObject({
  stage: mineStageSummarySchema,
  unit: mineUnitSummarySchema.optional(),
});

/** A stage's marker. */
export type MineStageMarker = z.infer<typeof mineStageMarkerSchema>;

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

async function readJsonIfThere(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError({ argument: 'out', message: `${path} is not JSON (${(error as Error).message}); delete it to redo that part of the run.`, cause: error });
  }
}

/**
 * The run folder of `swespot mine`: `run.json` (the options), `stages/<stage>.json` (one
 * marker per finished stage), and the stages' own outputs. Markers are written atomically
 * (rename), so a run killed at any point leaves either no marker or a whole one.
 */
export class MineRunFolder {
  constructor(readonly root: string) {}

  /** A path inside the run folder. */
  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /**
   * Records the run's options, or checks them against those of the run this folder holds.
   *
   * @throws {InvalidArgumentError} naming the options that differ.
   */
  async claim(manifest: MineRunManifest): Promise<'new' | 'resumed'> {
    const file = this.path('run.json');
    const existing = await readJsonIfThere(file);
    if (existing === undefined) {
      await writeJsonAtomically(file, mineRunManifestSchema.parse(manifest));
      return 'new';
    }
    const previous = parseWithSchema(mineRunManifestSchema, existing, { file, schema: 'mine run manifest' });
    const differences = (Object.keys(manifest) as Array<keyof MineRunManifest>).filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(manifest[key]));
    if (differences.length > 0) {
      throw new InvalidArgumentError({
        argument: 'out',
        message: `--out: ${this.root} holds a run with other options (${differences.map((key) => `${key}: ${JSON.stringify(previous[key])}, now ${JSON.stringify(manifest[key])}`).join('; ')}); resume it with the same options or give a new --out folder.`,
      });
    }
    return 'resumed';
  }

  /** The marker of a finished stage, or undefined. */
  async marker(stage: string): Promise<MineStageMarker | undefined> {
    const file = this.path('stages', `${stage}.json`);
    const value = await readJsonIfThere(file);
    return value === undefined ? undefined : parseWithSchema(mineStageMarkerSchema, value, { file, schema: 'mine stage marker' });
  }

  /** Marks a stage finished. */
  async mark(marker: MineStageMarker): Promise<void> {
    await writeJsonAtomically(this.path('stages', `${marker.stage.name}.json`), mineStageMarkerSchema.parse(marker));
  }

  /** Writes a JSON file inside the folder atomically. */
  async writeJson(relativePath: string, value: unknown): Promise<void> {
    await writeJsonAtomically(this.path(relativePath), value);
  }

  /** Reads a JSON file inside the folder, or undefined when it is not there. */
  async readJson(relativePath: string): Promise<unknown> {
    return readJsonIfThere(this.path(relativePath));
  }
}

/** A stage summary for a stage that was skipped, with the reason. */
export function skippedStage(name: string, reason: string): MineStageSummary {
  return { name, status: 'skipped', durationMs: 0, reason, counts: {} };
}

/** A unit summary for a unit that was skipped, with the reason. */
export function skippedUnit(unit: MineUnitSummary['unit'], reason: string): MineUnitSummary {
  return { unit, status: 'skipped', reason, file: null, tasks: 0, byKind: {}, funnel: [] };
}

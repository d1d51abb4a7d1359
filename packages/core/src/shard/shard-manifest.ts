import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { isoDateTimeSchema, schemaVersionSchema } from '../schemas/record-fields';
import { parseWithSchema } from '../schemas/zod-issues';
import { SHARD_RECORD_SCHEMAS, type ShardRecordSchemaName } from './shard-record-schemas';
import { shardSpecSchema, type ShardSpec } from './shard-spec';

const recordSchemaNames = Object.keys(SHARD_RECORD_SCHEMAS) as [ShardRecordSchemaName, ...ShardRecordSchemaName[]];

/**
 * The small JSON file beside each shard's JSONL (`<name>.shard.json` for `<name>.jsonl`):
 * which stage wrote it, which shard of how many, which record schema, and whether the
 * shard finished. `swespot merge` reads these to name a missing, doubled or unfinished
 * shard ("missing shard 2 of 7").
 */
export const shardManifestSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    type: z.literal('shard-manifest'),
    stage: z.string().regex(/^[a-z][a-z0-9 -]*$/, 'Expected a stage name such as rollout or eval run').describe('The command that wrote the shard, e.g. rollout.'),
    shard: shardSpecSchema,
    records: z
      .strictObject({
        file: z.string().min(1).describe('The shard\'s JSONL file, relative to the manifest\'s folder.'),
        schema: z.enum(recordSchemaNames).describe('The core schema of every record in the file.'),
        keyField: z
          .string()
          .min(1)
          .optional()
          .describe('The record field whose value was hashed to pick the shard (e.g. taskId); merge checks every record against it.'),
      })
      .describe('The shard\'s records.'),
    selected: z.int().nonnegative().describe('Units of work (e.g. tasks) that fell into this shard.'),
    status: z.enum(['running', 'complete']).describe('complete once the shard ran all its work without failures; running while it runs or after it was killed or failed.'),
    updatedAt: isoDateTimeSchema.describe('When the manifest was last written.'),
  })
  .describe('What one shard of a sharded stage wrote.');

/** See {@link shardManifestSchema}. */
export type ShardManifest = z.infer<typeof shardManifestSchema>;

/** The manifest's path for a shard's JSONL: `run/shard-3.jsonl` → `run/shard-3.shard.json`. */
export function shardManifestPathFor(jsonlFile: string): string {
  const name = basename(jsonlFile);
  return join(dirname(jsonlFile), `${name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name}.shard.json`);
}

/** Options of {@link writeShardManifest}. */
export interface WriteShardManifestOptions {
  /** The shard's JSONL file (the command's `--out`). The manifest goes beside it. */
  readonly out: string;
  /** The command, e.g. `rollout`. */
  readonly stage: string;
  /** Which shard this is. */
  readonly shard: ShardSpec;
  /** The core schema of the records in `out`. */
  readonly schema: ShardRecordSchemaName;
  /** The record field that holds the shard key (e.g. `taskId`), when records carry it. */
  readonly keyField?: string;
  /** Units of work in this shard. */
  readonly selected: number;
  /** `running` when the shard starts, `complete` when it finished without failures. */
  readonly status: ShardManifest['status'];
  /**
   * Where to write the manifest, for stages whose `--out` is a folder (the manifest goes in
   * it, `out` is then the records file inside). Default: beside `out` ({@link shardManifestPathFor}).
   */
  readonly manifestPath?: string;
}

/**
 * Writes (atomically: a temporary file renamed over it) the manifest of a shard beside its
 * JSONL. Sharded commands call it with `status: 'running'` before the work starts and with
 * `status: 'complete'` when every unit succeeded, so a killed shard is visible as unfinished.
 *
 * @returns the manifest's path.
 */
export async function writeShardManifest(options: WriteShardManifestOptions): Promise<string> {
  const path = options.manifestPath ?? shardManifestPathFor(options.out);
  const manifest = parseWithSchema(
    shardManifestSchema,
    {
      schemaVersion: 1,
      type: 'shard-manifest',
      stage: options.stage,
      shard: { index: options.shard.index, count: options.shard.count },
      records: { file: relative(dirname(path), options.out), schema: options.schema, ...(options.keyField === undefined ? {} : { keyField: options.keyField }) },
      selected: options.selected,
      status: options.status,
      updatedAt: new Date().toISOString(),
    } satisfies ShardManifest,
    { file: path, schema: 'ShardManifest' },
  );
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path);
  return path;
}

/**
 * Reads and validates a shard manifest.
 *
 * @throws {ValidationError} naming the file when it is not JSON or not a manifest.
 */
export async function readShardManifest(path: string): Promise<ShardManifest> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({ message: `${path}: not JSON (${(error as Error).message}); a shard manifest is written by a command run with --shard I/N.`, issues: [], file: path, schema: 'ShardManifest', cause: error });
  }
  return parseWithSchema(shardManifestSchema, value, { file: path, schema: 'ShardManifest' });
}

import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ValidationError } from '../errors/validation-error';
import { openJsonlWriter } from '../jsonl/open-jsonl-writer';
import { readJsonl } from '../jsonl/read-jsonl';
import { shardIndexOf } from './shard-index-of';
import { readShardManifest, shardManifestPathFor, type ShardManifest } from './shard-manifest';
import { SHARD_RECORD_SCHEMAS } from './shard-record-schemas';
import { formatShard } from './shard-spec';

/** Options of {@link mergeShards}. */
export interface MergeShardsOptions {
  /**
   * Shard outputs: folders (every `*.shard.json` manifest in them or one folder down), shard JSONL
   * files (their manifest beside them), or manifests.
   */
  readonly inputs: readonly string[];
  /** The merged JSONL file. Resumable: records already in it are skipped, so a re-run merge is a no-op. */
  readonly out: string;
  /** Stops reading; the merge rejects with the signal's reason. */
  readonly abortSignal?: AbortSignal;
}

/** What {@link mergeShards} did. */
export interface MergeShardsResult {
  /** The stage the shards came from, e.g. `rollout`. */
  readonly stage: string;
  /** The record schema, e.g. `Trajectory`. */
  readonly schema: string;
  /** The shard count N. */
  readonly shardCount: number;
  /** Records per shard, by shard index. */
  readonly recordsPerShard: readonly number[];
  /** Records appended to `out`. */
  readonly written: number;
  /** Records already in `out` (an earlier merge), left as they were. */
  readonly skipped: number;
}

interface LocatedManifest {
  readonly path: string;
  readonly manifest: ShardManifest;
}

async function findManifests(input: string): Promise<string[]> {
  const path = resolve(input);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new InvalidArgumentError({ argument: 'inputs', message: `merge: ${input} does not exist; give shard folders, shard JSONL files or *.shard.json manifests.` });
  if (info.isDirectory()) {
    // Manifests in the folder, and in its sub-folders for stages whose --out is a folder per shard.
    const entries = await readdir(path, { withFileTypes: true });
    const manifests = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.shard.json')).map((entry) => join(path, entry.name));
    for (const folder of entries.filter((entry) => entry.isDirectory())) {
      const names = await readdir(join(path, folder.name));
      manifests.push(...names.filter((name) => name.endsWith('.shard.json')).map((name) => join(path, folder.name, name)));
    }
    if (manifests.length === 0) {
      throw new InvalidArgumentError({ argument: 'inputs', message: `merge: ${input} holds no shard manifest (*.shard.json, directly or one folder down); shard outputs are written by a command run with --shard I/N.` });
    }
    return manifests.sort();
  }
  if (path.endsWith('.shard.json')) return [path];
  const manifest = shardManifestPathFor(path);
  if ((await stat(manifest).catch(() => undefined)) === undefined) {
    throw new InvalidArgumentError({ argument: 'inputs', message: `merge: ${input} has no shard manifest beside it (expected ${manifest}); was it written with --shard I/N?` });
  }
  return [manifest];
}

function checkShardSet(located: readonly LocatedManifest[]): { count: number; byIndex: LocatedManifest[] } {
  const first = located[0]!;
  const { stage, shard, records } = first.manifest;
  for (const other of located.slice(1)) {
    const { manifest } = other;
    if (manifest.shard.count !== shard.count || manifest.stage !== stage || manifest.records.schema !== records.schema || manifest.records.keyField !== records.keyField) {
      throw new InvalidArgumentError({
        argument: 'inputs',
        message: `merge: the shards do not belong together: ${first.path} is ${formatShard(shard)} of '${stage}' (${records.schema}) but ${other.path} is ${formatShard(manifest.shard)} of '${manifest.stage}' (${manifest.records.schema}); merge the shards of one run.`,
      });
    }
  }
  const byIndex: LocatedManifest[] = [];
  for (const entry of located) {
    const seen = byIndex[entry.manifest.shard.index];
    if (seen !== undefined) {
      throw new InvalidArgumentError({
        argument: 'inputs',
        message: `merge: ${formatShard(entry.manifest.shard)} appears twice: ${seen.path} and ${entry.path}; the shards overlap, keep one of them.`,
      });
    }
    byIndex[entry.manifest.shard.index] = entry;
  }
  const missing = Array.from({ length: shard.count }, (_, index) => index).filter((index) => byIndex[index] === undefined);
  if (missing.length > 0) {
    throw new InvalidArgumentError({
      argument: 'inputs',
      message: `merge: missing ${missing.length === 1 ? 'shard' : 'shards'} ${missing.join(', ')} of ${shard.count}: no manifest for ${missing.length === 1 ? 'it' : 'them'} among the inputs; run ${missing.length === 1 ? 'it' : 'them'} with --shard ${missing[0]}/${shard.count}${missing.length > 1 ? ' etc.' : ''} (into the same run folder) and merge again.`,
    });
  }
  const unfinished = byIndex.filter((entry) => entry.manifest.status !== 'complete');
  if (unfinished.length > 0) {
    throw new InvalidArgumentError({
      argument: 'inputs',
      message: `merge: ${unfinished.map((entry) => `${formatShard(entry.manifest.shard)} (${entry.path})`).join(', ')} did not finish (status ${unfinished[0]!.manifest.status}: killed, still running, or some work failed); re-run it with the same --shard (it resumes) and merge again.`,
    });
  }
  return { count: shard.count, byIndex };
}

/**
 * Merges the outputs of the N shards of one sharded stage into one JSONL file. Refuses,
 * with a message naming the shard and file, when a shard is missing ("missing shard 2 of
 * 7"), appears twice, did not finish, or the shards come from different runs; validates
 * every record with the core schema its manifest names; refuses a record id found twice
 * (naming both places) and a record whose shard key hashes to another shard (the shards
 * overlap). Nothing is written unless every check passes.
 *
 * @throws {InvalidArgumentError} for a bad set of shards or overlapping records.
 * @throws {ValidationError} for a record that does not match its schema (file, line, field).
 */
export async function mergeShards(options: MergeShardsOptions): Promise<MergeShardsResult> {
  const { inputs, out, abortSignal } = options;
  if (inputs.length === 0) throw new InvalidArgumentError({ argument: 'inputs', message: 'merge: give at least one shard folder or file.' });
  const paths = [...new Set((await Promise.all(inputs.map(findManifests))).flat())];
  const located = await Promise.all(paths.map(async (path) => ({ path, manifest: await readShardManifest(path) })));
  const { count, byIndex } = checkShardSet(located);
  const { stage, records } = byIndex[0]!.manifest;
  const schema = SHARD_RECORD_SCHEMAS[records.schema];
  const files = byIndex.map((entry) => join(dirname(entry.path), entry.manifest.records.file));

  // First pass: validate everything and find overlaps before a single line is written.
  const seen = new Map<string, string>();
  const recordsPerShard: number[] = [];
  for (const [index, file] of files.entries()) {
    let line = 0;
    let kept = 0;
    const reader = readJsonl(file, { schema, schemaName: records.schema, ...(abortSignal ? { abortSignal } : {}) });
    for await (const record of reader) {
      line += 1;
      kept += 1;
      const where = `${file} (record ${line})`;
      if (records.keyField !== undefined) {
        const key = (record as Record<string, unknown>)[records.keyField];
        if (typeof key === 'string' && shardIndexOf(key, count) !== index) {
          throw new InvalidArgumentError({
            argument: 'inputs',
            message: `merge: record '${record.id}' in ${where} has ${records.keyField} '${key}', which belongs to shard ${shardIndexOf(key, count)} of ${count}, not ${index}; the shards overlap (were they run with different shard counts?).`,
          });
        }
      }
      const earlier = seen.get(record.id);
      if (earlier !== undefined) {
        throw new InvalidArgumentError({ argument: 'inputs', message: `merge: duplicate record id '${record.id}' in ${earlier} and ${where}; the shards overlap (were they run over different task files or shard counts?).` });
      }
      seen.set(record.id, where);
    }
    if (reader.stats.truncatedTail !== undefined) {
      throw new ValidationError({ message: `${file}:${reader.stats.truncatedTail.line}: the last line is cut off (the shard was killed mid-write); re-run ${formatShard({ index, count })} with the same --shard to repair it.`, issues: [], file, line: reader.stats.truncatedTail.line, schema: records.schema });
    }
    recordsPerShard.push(kept);
  }

  const writer = await openJsonlWriter(out, { schema, schemaName: records.schema, ...(abortSignal ? { abortSignal } : {}) });
  let written = 0;
  let skipped = 0;
  try {
    for (const file of files) {
      for await (const record of readJsonl(file, { schema, schemaName: records.schema, ...(abortSignal ? { abortSignal } : {}) })) {
        if (await writer.write(record)) written += 1;
        else skipped += 1;
      }
    }
  } finally {
    await writer.close();
  }
  return { stage, schema: records.schema, shardCount: count, recordsPerShard, written, skipped };
}
